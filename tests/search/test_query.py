"""Search behaviour against the real Elasticsearch index of the seeded site."""

import pytest

from django.http import QueryDict

from wagtail.contrib.search_promotions.models import Query, SearchPromotion

from cms.models import CaseStudyPage, ToolkitPage
from search import backend
from search.elasticsearch_query import build_query
from search.query import run_search
from search.related import related_to
from search.request import SearchRequest

pytestmark = pytest.mark.django_db


def search(q="", **filters):
    params = QueryDict(mutable=True)
    if q:
        params["q"] = q
    for name, values in filters.items():
        params.setlist(name, values if isinstance(values, list) else [values])
    return run_search(SearchRequest.from_params(params))


def titles(response, n=10):
    return [result.title for result in response.results[:n]]


def test_answers_from_elasticsearch(search_index):
    response = search("integrated care")
    assert response.backend == "elasticsearch"
    assert response.total > 10


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [
        ("IG data sharing s251", "Information governance and Southend's section 251 application", 3),
        ("section 251", "Information governance and Southend's section 251 application", 3),
        # The source says the service gives "'virtual ward' support to very vulnerable residents".
        ("virtual ward vulnerable residents", "West Norfolk's hospital at home service", 5),
        ("hospital at home", "West Norfolk's hospital at home service", 3),
        ("capitated budgets", "North West London's approach to developing capitated budgets", 3),
        ("capitation", "WELC's development of capitated budgets", 3),
        (
            "A&E care homes",
            "Care planning that improved the quality of care for care home residents in Worcestershire",
            3,
        ),
        (
            "accident and emergency care homes",
            "Care planning that improved the quality of care for care home residents in Worcestershire",
            5,
        ),
        ("telehealth", "Technology, telehealth and telecare", 3),
        ("reablement", "Kent's proactive reablement service", 3),
    ],
)
def test_known_items_rank_near_the_top(search_index, query, expected, within):
    assert expected in titles(search(query), within)


def test_typos_in_longer_words_still_find_results_and_suggest(search_index):
    response = search("reablment")
    assert "Kent's proactive reablement service" in titles(response)
    assert response.suggestion == "reablement"


def test_never_corrects_acronyms_or_terms_with_digits(search_index):
    assert search("s251").suggestion is None
    assert search("IG").suggestion is None
    assert search("A&E").suggestion is None


def test_correct_words_get_no_suggestion(search_index):
    assert search("kent").suggestion is None
    assert search("dementia").suggestion is None


def test_highlights_mark_matches_and_escape_html(search_index):
    response = search("proactive reablement")
    top = response.results[0]
    assert "<mark>" in top.title_html
    assert "<mark>" in top.snippet and len(top.snippet) < 400
    kent = next(r for r in response.results if r.title == "Kent's proactive reablement service")
    assert "Kent&#x27;s" in kent.title_html or "Kent&#39;s" in kent.title_html


def test_snippet_falls_back_to_the_summary(search_index):
    response = search("Theme", type="theme")
    assert all(result.snippet for result in response.results)


def test_facet_counts_ignore_their_own_selection(search_index):
    everything = search("care")
    type_counts = {value.value: value.count for value in everything.facets["type"][1]}
    narrowed = search("care", type="case-study")
    assert narrowed.total == type_counts["case-study"]
    narrowed_type_counts = {value.value: value.count for value in narrowed.facets["type"][1]}
    assert narrowed_type_counts == type_counts, "the type facet must still offer the other types"
    selected = [value for value in narrowed.facets["type"][1] if value.selected]
    assert [value.value for value in selected] == ["case-study"]
    pioneer_total = sum(value.count for value in narrowed.facets["pioneer"][1])
    assert pioneer_total == narrowed.total, "other facets count within the selection"


def test_filters_work_without_a_query(search_index):
    response = search(theme="information-governance", type="case-study")
    expected = CaseStudyPage.objects.live().filter(themes__slug="information-governance").distinct().count()
    assert response.total == expected
    assert {result.type for result in response.results} == {"case-study"}


def test_multiple_values_of_a_filter_are_alternatives(search_index):
    kent = search(pioneer="kent", type="case-study").total
    cornwall = search(pioneer="cornwall-and-isles-of-scilly", type="case-study").total
    assert (
        search(pioneer=["kent", "cornwall-and-isles-of-scilly"], type="case-study").total == kent + cornwall
    )


def test_upcoming_events_filter(search_index):
    response = search(upcoming="1")
    assert response.total == 3
    assert {result.type for result in response.results} == {"event"}


def test_sort_newest(search_index):
    response = search("care", sort="newest")
    dates = [result.date for result in response.results if result.date]
    assert dates == sorted(dates, reverse=True)


def test_one_elasticsearch_request_per_results_page(search_index, monkeypatch):
    backend.supports_mustache()  # capability probe is cached per server, not per request
    calls = []
    original = backend.call
    monkeypatch.setattr(backend, "call", lambda operation: calls.append(1) or original(operation))
    response = search("integrated discharge", theme="discharge-and-reablement")
    assert response.results and response.facets["theme"][1] and response.suggestion is None
    assert len(calls) == 1


def test_suggestion_uses_collate_when_the_cluster_supports_it():
    body = build_query(SearchRequest(query="hospitl discharge"), collate=True)
    assert "{{suggestion}}" in str(body["suggest"]["spelling"]["phrase"]["collate"])


def test_best_bets_are_pinned_above_results(search_index):
    toolkit = ToolkitPage.objects.get(slug="payment-approaches-and-care-spend-estimation")
    SearchPromotion.objects.create(
        query=Query.get("payment"), page=toolkit, sort_order=0, description="Start here."
    )
    response = search("payment")
    assert response.promotions[0].title == toolkit.title
    assert response.promotions[0].promoted
    assert toolkit.title not in titles(response), "a best bet is not repeated in the results"


def test_private_and_unpublished_content_is_never_returned(fresh_index):
    page = CaseStudyPage.objects.get(slug="kent-proactive-reablement")
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        page.unpublish()
    from tests.search.conftest import refresh

    refresh(fresh_index)
    assert "Kent's proactive reablement service" not in titles(search("proactive reablement"))


def test_related_content_excludes_itself(search_index):
    page = CaseStudyPage.objects.get(slug="north-west-london-capitated-budgets")
    related = related_to(page)
    assert related and all(item["url"] != page.url for item in related)
    assert "WELC's development of capitated budgets" in [item["title"] for item in related]


def test_json_api_shape(search_index, client):
    data = client.get("/api/search/", {"q": "capitated budgets", "type": "case-study"}).json()
    keys = {
        "query",
        "total",
        "page",
        "pages",
        "backend",
        "results",
        "facets",
        "suggestion",
        "respelt_from",
        "understood",
    }
    assert set(data) == keys
    assert data["backend"] == "elasticsearch"
    result = data["results"][0]
    assert set(result) >= {"title", "url", "type", "snippet", "highlight", "themes", "pioneer", "date"}
    assert set(result["highlight"]) == {"title", "body"}
    value = data["facets"]["type"][0]
    assert set(value) == {"value", "label", "count", "selected"}
    assert {"type", "theme", "pioneer", "population", "region", "year", "evaluation"} <= set(data["facets"])


def test_autocomplete_endpoint(search_index, client):
    data = client.get("/api/search/suggest", {"q": "rea"}).json()
    assert "Kent's proactive reablement service" in [s["title"] for s in data["suggestions"]]


def test_a_search_that_matches_nothing_answers_empty_pages_not_errors(search_index, client):
    """Elasticsearch leaves empty parts out of the trimmed response (no hits, no buckets)."""
    response = search("xylophone quasar", type="case-study")
    assert (response.backend, response.total, response.results) == ("elasticsearch", 0, [])
    assert [value.value for value in response.facets["type"][1]] == ["case-study"]
    assert all(not values for param, (_label, values) in response.facets.items() if param != "type")
    assert client.get("/api/search/suggest", {"q": "xq"}).json()["suggestions"] == []


def test_html_search_page_shows_facets_and_results(search_index, client):
    html = client.get("/search/", {"q": "reablement", "type": "case-study"}).content.decode()
    assert (
        "Kent&#x27;s proactive <mark>reablement</mark> service" in html
        or "proactive <mark>reablement</mark>" in html
    )
    assert 'name="type" type="checkbox" value="case-study" checked' in html
    assert "limited mode" not in html


def test_queries_are_logged_for_editors(search_index, client):
    from search.models import SearchQueryLog

    client.get("/search/", {"q": "Nothing Matches Zzqx"})
    entry = SearchQueryLog.objects.get(query="nothing matches zzqx")
    assert entry.results == 0 and entry.backend == "elasticsearch"


def test_best_bets_match_however_the_query_is_typed(search_index):
    toolkit = ToolkitPage.objects.get(slug="information-sharing-s251-template")
    SearchPromotion.objects.create(query=Query.get("Data sharing"), page=toolkit, sort_order=0)
    assert search("  DATA   sharing ").promotions[0].title == toolkit.title
