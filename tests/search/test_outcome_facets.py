"""Measured outcomes in search: a facet for pages that have them, one for the kind of measure, and
the figures shown on each result, on both backends."""

import pytest

from django.test import Client

from cms.models import CaseStudyPage, PioneerProfilePage
from search.query import run_search
from search.request import SearchRequest

pytestmark = pytest.mark.django_db

CARE_PLANNING = "/pioneers/worcestershire/worcestershire-care-home-care-planning/"


def measured_pages():
    """Case studies with outcomes, and pioneer profiles with outcomes of their own."""
    pages = [*CaseStudyPage.objects.live().public(), *PioneerProfilePage.objects.live().public()]
    return {page.url for page in pages if page.outcomes.exists()}


def test_has_measured_outcomes_finds_exactly_the_pages_with_figures(engine):
    response = run_search(SearchRequest(filters={"measured": ["yes"]}, page_size=50))
    assert {result.url for result in response.results} == measured_pages()
    assert "/pioneers/kent/" in measured_pages() and len(measured_pages()) == 3 + 6
    labels = {value.label for value in response.facets["measured"][1]}
    assert labels == {"Has measured outcomes"}


def test_kind_of_outcome_filters_and_each_result_shows_its_figures(engine):
    response = run_search(SearchRequest(query="care homes", filters={"outcome": ["ae-attendances"]}))
    assert [result.url for result in response.results] == [CARE_PLANNING]
    assert "A&E attendance from care homes: fell by 23%" in response.results[0].facts
    kinds = {value.value: value.label for value in response.facets["outcome"][1]}
    assert kinds["ae-attendances"] == "A&E attendances"


def test_a_pioneer_profile_is_found_by_the_kind_of_its_own_outcomes(engine):
    response = run_search(SearchRequest(filters={"outcome": ["length-of-stay"]}))
    assert [result.url for result in response.results] == ["/pioneers/islington/"]
    assert "Length of stay: fell by 50%" in response.results[0].facts


def test_the_results_page_offers_the_outcome_filters_and_shows_the_figures(engine):
    html = Client().get("/search/", {"q": "care home residents Worcestershire"}).content.decode()
    assert "Measured outcomes" in html and "Has measured outcomes" in html
    assert "fell by 23%" in html


def test_outcome_lines_neither_repeat_a_word_nor_contradict_each_other(engine):
    facts = {result.url: result.facts for result in run_search(SearchRequest(query="Cornwall")).results}
    cornwall = facts["/pioneers/cornwall-and-isles-of-scilly/"]
    assert "People admitted to hospital: fell by nearly 50% (Penwith pilot site)" in cornwall
    assert "People admitted to hospital: fell by 40% (Newquay)" in cornwall
    kent = {result.url: result.facts for result in run_search(SearchRequest(query="Kent")).results}[
        "/pioneers/kent/"
    ]
    assert "Savings so far: estimated to exceed £200,000" in kent
