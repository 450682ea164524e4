"""Questions, places and kinds of content: what search reads in a query, in both backends.

Every behaviour runs twice: on the database search `make run` uses (the test settings have no
Elasticsearch) and on the real Elasticsearch index of the seeded site.
"""

import pytest

from django.test import Client

from search.models import SearchSynonym
from search.query import run_search
from search.request import SearchRequest
from search.understanding import understand

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_vocabulary")]


def search(query, **kwargs):
    return run_search(SearchRequest(query=query, **kwargs))


def urls(response, n=10):
    return [result.url for result in (response.promotions + response.results)[:n]]


def recognised(query):
    return {(item.param, item.value) for item in understand(query).recognised}


@pytest.mark.parametrize(
    ("query", "names", "terms"),
    [
        ("Kent pioneer", {("pioneer", "kent"), ("type", "pioneer")}, []),
        (
            "how can I find dementia webinars in London",
            {("type", "event"), ("region", "london")},
            ["dementia"],
        ),
        ("Stoke case studies", {("pioneer", "stoke-and-north-staffordshire"), ("type", "case-study")}, []),
        ("NW London lay partners", {("pioneer", "north-west-london")}, ["lay", "partners"]),
        ("what is the Torbay crisis house", {("pioneer", "south-devon-and-torbay")}, ["crisis", "house"]),
        ("Southend on Sea toolkits", {("pioneer", "southend-on-sea"), ("type", "toolkit")}, []),
        # A kind of content in either number, and the words of browsing around it.
        ("themed collections", {("type", "collection")}, []),
        ("a list of all the pioneers", {("type", "pioneer")}, []),
        ("templates to download", {("type", "toolkit")}, []),
        ("a learning event on dementia", {("type", "event")}, ["dementia"]),
        ("browse case study", {("type", "case-study")}, []),
    ],
)
def test_reads_names_types_and_drops_question_words(query, names, terms):
    understood = understand(query)
    assert names <= recognised(query)
    assert understood.terms == terms


@pytest.mark.parametrize(
    ("query", "page_type"),
    [("themed collections", "collection"), ("list of all the pioneers", "pioneer"), ("toolkits", "toolkit")],
)
def test_browsing_a_kind_of_content_lists_that_kind_first(engine, query, page_type):
    results = search(query).results[:4]
    assert len(results) == 4 and {result.type for result in results} == {page_type}, query


def test_upcoming_events_are_read_as_a_time():
    understood = understand("upcoming events")
    assert understood.upcoming and understood.terms == []


def test_a_place_and_a_type_word_finds_the_place_first_and_offers_the_filter(engine):
    response = search("Kent pioneer")
    assert urls(response, 1) == ["/pioneers/kent/"]
    assert all("/pioneers/kent/" in url for url in urls(response, 3))
    assert response.total > 3, "recognised names lift results; they do not filter them"
    assert ("pioneer", "kent") in {(item.param, item.value) for item in response.understood}


def test_the_understood_hint_links_to_the_filter_and_works_without_javascript(engine):
    page = Client().get("/search/", {"q": "Kent pioneer"})
    html = page.content.decode()
    assert "Showing Kent first" in html
    assert 'href="?q=Kent+pioneer&amp;pioneer=kent"' in html
    filtered = Client().get("/search/?q=Kent+pioneer&pioneer=kent").content.decode()
    assert "Showing Kent first" not in filtered, "a filter already applied is not offered again"
    api = Client().get("/api/search/", {"q": "Kent pioneer"}).json()
    assert {"param": "pioneer", "value": "kent", "label": "Kent", "phrase": "kent"} in api["understood"]


@pytest.mark.parametrize(
    "question",
    [
        "how do other areas stop frail elderly people bouncing back into hospital after discharge",
        "is there a form I can copy to get approval to use patients' personal data",
        "what helped GPs and social workers work together as one team",
    ],
)
def test_a_long_question_finds_answers(engine, question):
    response = search(question)
    assert response.total >= 3, f"{question!r} found {response.total}"


@pytest.mark.parametrize(
    "query",
    ["tattoo removal", "prison healthcare", "blockchain for podiatry", "orthodontic braces for teenagers"],
)
def test_a_question_the_site_cannot_answer_finds_nothing(engine, query):
    assert search(query).total <= 3


def test_site_furniture_sits_below_content(engine):
    top = urls(search("how we use information about you and accessibility of care records"), 5)
    assert "/privacy/" not in top[:3]
    assert urls(search("privacy notice"), 1) == ["/privacy/"]


def test_an_editors_new_rule_works_in_the_next_search(engine):
    assert search("xyzzyplugh").total == 0
    SearchSynonym.objects.create(terms="xyzzyplugh, reablement")
    response = search("xyzzyplugh")
    assert response.total > 0
    assert any("reablement" in result.title.lower() for result in response.results)


@pytest.mark.parametrize(
    ("query", "beside"),
    [
        ("mental health crisis", ["crisis"]),
        ("workforce training", ["training"]),
        ("dementia care", []),  # "care" is in most themes' descriptions: it would find everything
        ("mental health", []),  # nothing beside the theme
        ("crisis house", []),  # no theme named
    ],
)
def test_the_words_beside_a_named_theme_are_read_on_their_own(query, beside):
    assert understand(query).beside_themes == beside


def test_a_theme_name_plus_a_distinctive_word_finds_pages_that_never_say_the_theme(engine):
    """The crisis house's text says "crisis", never "mental health"; a practitioner asking for
    mental health crises expects it near the top, with the pages that say both."""
    response = search("mental health crisis")
    assert "/pioneers/south-devon-and-torbay/south-devon-torbay-corner-retreat-crisis-house/" in urls(
        response, 5
    )
    assert "/themes/mental-health/" in urls(response, 5)


def test_a_theme_name_plus_a_word_the_site_lacks_still_finds_nothing_extra(engine):
    assert search("dementia tattoo").total == 0


def test_database_search_answers_acronyms_with_digits():
    response = search("s251")
    assert response.backend == "database"
    assert {
        "/pioneers/southend-on-sea/southend-s251-application/",
        "/toolkits/information-sharing-s251-template/",
    } <= set(urls(response, 5))


def test_database_search_suggests_a_respelling():
    response = search("reablment")
    assert response.suggestion == "reablement"


def test_database_search_highlights_whole_words_only():
    response = search("forms of integration")
    for result in response.results:
        assert "<mark>for</mark>" not in result.snippet.lower()
        assert "<mark>form</mark>s" not in result.snippet.lower()


def test_database_autocomplete_completes_a_word_prefix():
    suggestions = Client().get("/api/search/suggest", {"q": "reab"}).json()["suggestions"]
    assert any("reablement" in s["title"].lower() for s in suggestions)


def test_database_search_tolerates_a_typo_but_not_a_different_word():
    response = search("hospitl discharge")
    assert response.suggestion == "hospital discharge"
    assert "/pioneers/kent/kent-integrated-discharge-team/" in urls(response, 3)
    assert search("dental contract").total == 0, "'dental' is a word, not a typo of 'mental'"
    assert search("hospital car parking charges").suggestion is None
