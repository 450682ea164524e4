"""GOV.UK-style respelling (results for "reablement", with the words as typed one link away), an
empty unfiltered results page without sort or filters, and stop words never highlighted, in both
backends (a rewriting such as "going into hospital" used to light up every "into")."""

import pytest

from django.test.utils import override_settings

from search.query import run_search
from search.request import SearchRequest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_vocabulary")]


@pytest.mark.parametrize("query, stop_word", [("reducing hospital admissions", "into"), ("scie", "for")])
def test_stop_words_are_never_highlighted(engine, query, stop_word):
    response = run_search(SearchRequest(query=query))
    marked = " ".join(result.snippet + result.title_html for result in response.results).lower()
    assert "<mark>" in marked
    assert f"<mark>{stop_word}</mark>" not in marked


def test_a_respelt_query_is_answered_for_its_respelling(engine):
    response = run_search(SearchRequest(query="reablment"))
    assert (response.respelt_from, response.request.query) == ("reablment", "reablement")
    as_typed = run_search(SearchRequest(query="reablment", respell=False))
    assert as_typed.respelt_from is None and as_typed.request.query == "reablment"


@override_settings(ELASTICSEARCH_URL="")
def test_the_count_says_what_was_searched_and_one_line_offers_the_words_as_typed(client):
    """Said once: the count names the respelling; one line offers the words as typed (a review
    found the count, "Showing results for" and the hint all saying it)."""
    html = client.get("/search/", {"q": "reablment"}).content.decode()
    assert "results for “reablement”" in html or "result for “reablement”" in html
    assert (
        'You typed “reablment”. <a href="?q=reablment&amp;respell=0">Search for “reablment” instead</a>'
        in html
    )
    assert "Showing results for" not in html and "Did you mean" not in html
    as_typed = client.get("/search/", {"q": "reablment", "respell": "0"}).content.decode()
    assert "You typed" not in as_typed
    assert '<input type="hidden" name="respell" value="0">' in as_typed


@override_settings(ELASTICSEARCH_URL="")
def test_an_unfiltered_search_that_finds_nothing_offers_no_sort_or_filters(client):
    html = client.get("/search/", {"q": "zzzzqqq"}).content.decode()
    assert 'id="sort"' not in html
    assert "icase-finder__filters" not in html
    assert "remove a filter" not in html
    filtered = client.get("/search/", {"q": "zzzzqqq", "type": "case-study"}).content.decode()
    assert "remove a filter" in filtered and "icase-finder__filters" in filtered


def test_a_suggestion_more_than_a_slip_away_is_only_offered(engine):
    response = run_search(SearchRequest(query="prison healthcare"))
    assert response.respelt_from is None
    assert response.request.query == "prison healthcare"
