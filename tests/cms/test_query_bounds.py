"""Queries behind each public page type when it renders (signed-in members, first hits): a fixed,
small number, asserted per page type. Search results are bounded in tests/search."""

import pytest

from django.urls import reverse

from cms.models import (
    CaseStudyPage,
    CollectionIndexPage,
    EventIndexPage,
    LearningEventPage,
    PioneerIndexPage,
    PioneerProfilePage,
    StandardPage,
    Theme,
    ThemedCollectionPage,
    ThemeIndexPage,
    ToolkitIndexPage,
    ToolkitPage,
)
from tests.icase.community.helpers import make_member, make_thread

pytestmark = pytest.mark.django_db
CONTENT_PAGE_BOUND = 12  # issue 14


def first_url(model):
    return model.objects.live().public().order_by("path").first().url


PAGES = {
    # page type: (how to find its URL, most queries when it renders)
    "home": (lambda: "/", 13),
    "standard page": (lambda: first_url(StandardPage), CONTENT_PAGE_BOUND),
    "event": (lambda: first_url(LearningEventPage), CONTENT_PAGE_BOUND),
    "toolkit": (lambda: first_url(ToolkitPage), CONTENT_PAGE_BOUND),
    "theme index": (lambda: first_url(ThemeIndexPage), CONTENT_PAGE_BOUND),
    "pioneer index": (lambda: first_url(PioneerIndexPage), 13),
    "toolkit index": (lambda: first_url(ToolkitIndexPage), 13),
    "collection index": (lambda: first_url(CollectionIndexPage), 13),
    "event index": (lambda: first_url(EventIndexPage), 17),  # +1: the network filter's options
    "pioneer": (lambda: first_url(PioneerProfilePage), 16),
    "case study": (lambda: first_url(CaseStudyPage), 17),
    "case study index": (lambda: "/case-studies/", 18),
    "collection": (lambda: first_url(ThemedCollectionPage), 19),
    "theme": (lambda: f"/themes/{Theme.objects.order_by('sort_order').first().slug}/", 21),
    "community index": (lambda: "/community/", CONTENT_PAGE_BOUND),
    "community category": (
        lambda: reverse("community:category", args=["informatics-network"]),
        CONTENT_PAGE_BOUND,
    ),
    "community thread": (
        lambda: make_thread(make_member("thread-author")).get_absolute_url(),
        CONTENT_PAGE_BOUND,
    ),
}


@pytest.mark.parametrize("page_type", PAGES)
def test_each_page_type_renders_in_a_bounded_number_of_queries(
    client, uncached_responses, django_assert_max_num_queries, page_type
):
    find_url, bound = PAGES[page_type]
    url = find_url()
    client.get(url)  # warm per-process caches (content types, site root paths, navigation)
    client.get(url)
    with django_assert_max_num_queries(bound):
        assert client.get(url).status_code == 200


def test_a_page_served_from_the_response_cache_needs_no_query(client, django_assert_max_num_queries):
    url = first_url(CaseStudyPage)
    client.get(url)
    with django_assert_max_num_queries(0):
        assert client.get(url).headers["X-Cache"] == "hit"
