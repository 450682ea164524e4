"""The database search reads its documents from a store built once per content generation: fast,
and still exact — any change a search result shows is found by the very next search."""

import pytest

from django.test import TestCase

from wagtail.models import PageViewRestriction

from cms.models import CaseStudyPage
from search import document_store
from search.documents import registry
from search.query import run_search
from search.request import SearchRequest
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def database_search(query, **filters):
    response = run_search(SearchRequest(query=query, filters=filters))
    assert response.backend == "database"
    return response


def urls(response):
    return [result.url for result in response.results]


def case_study():
    return CaseStudyPage.objects.live().public().order_by("path").first()


def test_an_edit_is_found_by_the_next_search():
    page = case_study()
    assert database_search("quokkaborough").total == 0
    page.title = "Quokkaborough's integrated discharge"
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    assert urls(database_search("quokkaborough"))[0] == page.url


def test_unpublished_and_restricted_pages_leave_the_next_search():
    page = case_study()
    word = page.title.split()[-1]
    assert page.url in urls(database_search(page.title))
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert page.url not in urls(database_search(page.title))
    PageViewRestriction.objects.filter(page=page).delete()
    assert page.url in urls(database_search(page.title))
    page.unpublish()
    assert page.url not in urls(database_search(f"{page.title} {word}"))


def test_a_renamed_theme_is_shown_by_its_new_name_at_once():
    page = case_study()
    theme = page.themes.order_by("sort_order").first()
    database_search(page.title)
    theme.name = "Quokka care"
    theme.save()
    response = database_search(page.title)
    _label, values = response.facets["theme"]
    assert theme.label in [value.label for value in values if value.value == theme.slug]
    [result] = [result for result in response.results if result.url == page.url]
    assert theme.label.startswith("Quokka care") and any(
        name.startswith("Quokka care") for name in result.themes
    )


def test_a_repeated_search_builds_no_document(django_assert_max_num_queries):
    database_search("reducing hospital admissions")
    # The full-text query for candidate pages (in a savepoint: the test runs in a transaction) and
    # editors' best bets; nothing per document.
    with django_assert_max_num_queries(4):
        database_search("capitation budgets")


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_results_page_renders_in_ten_queries(client, signed_in, django_assert_max_num_queries):
    """Issue 14: at most ten queries on a results page, whoever is searching."""
    if signed_in:
        client.force_login(make_member("searcher"))
    client.get("/search/?q=integrated+care")
    with django_assert_max_num_queries(10):
        response = client.get("/search/?q=reducing+hospital+admissions")
    assert response.status_code == 200 and response.context["search"].results


def test_without_a_generation_every_search_builds_afresh(monkeypatch):
    """A cache outage (no generation token to go by) costs speed, never correctness."""

    def unavailable():
        raise ConnectionError("cache down")

    monkeypatch.setattr(registry, "generation_provider", unavailable)
    page = case_study()
    assert page.url in urls(database_search(page.title))
    page.title = "Quokkaborough's own"
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()
    assert urls(database_search("quokkaborough"))[0] == page.url
    assert document_store.current_store() is not document_store.current_store()
