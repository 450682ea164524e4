"""Search syntax and floods in the database fallback and the query log (database_query, querylog).

The database fallback is Wagtail's backend for whichever database runs the tests: SQLite's FTS5
here, PostgreSQL's full-text search under .ci/run.
"""

import time

import pytest

from django.test import Client

from search.models import SearchQueryLog
from search.query import run_search
from search.request import SearchRequest, normalise_query

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def database_search(query, **kwargs):
    response = run_search(SearchRequest(query=query, **kwargs))
    assert response.backend == "database"
    return response


@pytest.mark.parametrize(
    "query",
    ['"', "'", '"reablement', "((care", "care AND OR NOT * ^ :", "NEAR(care", "title:care* -plan", "%_\\"],
)
def test_search_syntax_in_the_database_fallback_is_read_as_words(query):
    database_search(query)


def test_quotes_do_not_stop_the_database_fallback_finding_the_words():
    titles = [result.title for result in database_search('"reablement').results]
    assert any("reablement" in title.lower() for title in titles)
    assert database_search('"').total == 0


def test_a_query_the_database_refuses_is_retried_as_bare_words():
    """A NUL reaches no search through the site (the middleware and normalise_query drop it), but
    both databases refuse it (SQLite's FTS5: unterminated string; PostgreSQL: NUL in text), so it
    stands in for any query a backend rejects: the fallback answers for the bare words."""
    from search.database_query import search_database

    results, total, *_rest = search_database(SearchRequest(query="reablement\x00service"))
    assert total and any("reablement" in result.title.lower() for result in results)


def test_normalise_query_drops_control_characters():
    assert normalise_query("care\x00plan\x1b \x85 ward\t") == "care plan ward"


def windows_between(start, end, seconds):
    """The fixed windows a run from `start` to `end` touched: each may log up to its limit."""
    return int(end // seconds) - int(start // seconds) + 1


def test_a_script_cannot_fill_the_query_log(settings):
    settings.SEARCH_LOG_LIMITS = {"PER_CLIENT": 20, "TOTAL": 300, "WINDOW_SECONDS": 3600}
    client = Client()
    start = time.time()
    for number in range(1_000):
        assert client.get("/api/search/", {"q": f"zzflood{number}"}).status_code == 200
    windows = windows_between(start, time.time(), 3600)
    assert 20 <= SearchQueryLog.objects.filter(query__startswith="zzflood").count() <= 20 * windows
    other = Client(REMOTE_ADDR="192.0.2.7")
    other.get("/api/search/", {"q": "someone else"})
    assert SearchQueryLog.objects.filter(query="someone else").exists(), "another address still logs"


def test_a_spoofed_forwarded_for_header_does_not_buy_a_new_allowance(settings):
    settings.SEARCH_LOG_LIMITS = {"PER_CLIENT": 3, "TOTAL": 300, "WINDOW_SECONDS": 3600}
    start = time.time()
    for number in range(10):
        Client().get("/api/search/", {"q": f"spoof {number}"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    windows = windows_between(start, time.time(), 3600)
    assert 3 <= SearchQueryLog.objects.filter(query__startswith="spoof").count() <= 3 * windows


def test_the_whole_site_has_a_ceiling_too(settings):
    settings.SEARCH_LOG_LIMITS = {"PER_CLIENT": 20, "TOTAL": 5, "WINDOW_SECONDS": 3600}
    start = time.time()
    for number in range(10):
        Client(REMOTE_ADDR=f"203.0.113.{number}").get("/api/search/", {"q": f"many {number}"})
    windows = windows_between(start, time.time(), 3600)
    assert 5 <= SearchQueryLog.objects.filter(query__startswith="many").count() <= 5 * windows


def test_a_query_whose_lower_case_is_longer_still_fits_the_log():
    Client().get("/search/", {"q": "İ" * 200})
    assert len(SearchQueryLog.objects.get().query) == 200


def test_control_characters_are_never_logged():
    from search.querylog import record_query
    from search.request import SearchResponse

    hostile = [SearchRequest(query="care\x00plan"), SearchRequest(query="care", filters={"theme": ["\x1b"]})]
    for request in hostile:
        record_query(SearchResponse(request, [], 0, {}, None, "database"))
    assert not SearchQueryLog.objects.exists()


def test_the_editors_report_still_counts_logged_searches(settings, client):
    from search.reports import query_report

    for _ in range(3):
        client.get("/search/", {"q": "virtual ward"})
    assert query_report()["top_queries"][0]["query"] == "virtual ward"
    assert query_report()["top_queries"][0]["searches"] == 3
