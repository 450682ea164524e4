"""Measured outcomes in search: a facet for pages that have them, one for the kind of measure, and
the figures shown on each result, on both backends."""

import pytest

from django.test import Client

from cms.models import CaseStudyPage
from search.query import run_search
from search.request import SearchRequest

pytestmark = pytest.mark.django_db

CARE_PLANNING = "/pioneers/worcestershire/worcestershire-care-home-care-planning/"


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request):
    if request.param == "elasticsearch":
        request.getfixturevalue("search_index")
    return request.param


def measured_case_studies():
    return {page.url for page in CaseStudyPage.objects.live().public() if page.outcomes.exists()}


def test_has_measured_outcomes_finds_exactly_the_case_studies_with_figures(engine):
    response = run_search(SearchRequest(filters={"measured": ["yes"]}, page_size=50))
    assert {result.url for result in response.results} == measured_case_studies()
    labels = {value.label for value in response.facets["measured"][1]}
    assert labels == {"Has measured outcomes"}


def test_kind_of_outcome_filters_and_each_result_shows_its_figures(engine):
    response = run_search(SearchRequest(query="care homes", filters={"outcome": ["ae-attendances"]}))
    assert [result.url for result in response.results] == [CARE_PLANNING]
    assert "A&E attendance from care homes: fell by 23%" in response.results[0].facts
    kinds = {value.value: value.label for value in response.facets["outcome"][1]}
    assert kinds["ae-attendances"] == "A&E attendances"


def test_the_results_page_offers_the_outcome_filters_and_shows_the_figures(engine):
    html = Client().get("/search/", {"q": "care home residents Worcestershire"}).content.decode()
    assert "Measured outcomes" in html and "Has measured outcomes" in html
    assert "fell by 23%" in html
