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
    "home": (lambda: "/", CONTENT_PAGE_BOUND),
    "standard page": (lambda: first_url(StandardPage), CONTENT_PAGE_BOUND),
    "event": (lambda: first_url(LearningEventPage), CONTENT_PAGE_BOUND),
    "toolkit": (lambda: first_url(ToolkitPage), CONTENT_PAGE_BOUND),
    "theme index": (lambda: first_url(ThemeIndexPage), CONTENT_PAGE_BOUND),
    "pioneer index": (lambda: first_url(PioneerIndexPage), CONTENT_PAGE_BOUND),
    "toolkit index": (lambda: first_url(ToolkitIndexPage), CONTENT_PAGE_BOUND),
    "collection index": (lambda: first_url(CollectionIndexPage), CONTENT_PAGE_BOUND),
    "event index": (lambda: first_url(EventIndexPage), CONTENT_PAGE_BOUND),
    "pioneer": (lambda: first_url(PioneerProfilePage), CONTENT_PAGE_BOUND),
    "case study": (lambda: first_url(CaseStudyPage), CONTENT_PAGE_BOUND),
    "case study index": (lambda: "/case-studies/", CONTENT_PAGE_BOUND),
    "collection": (lambda: first_url(ThemedCollectionPage), CONTENT_PAGE_BOUND),
    "theme": (lambda: f"/themes/{Theme.objects.order_by('sort_order').first().slug}/", CONTENT_PAGE_BOUND),
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


# A signed-in member's page stays within the same bound (issue 14), though it adds their account,
# their permissions (one query: icase.accounts.backends), the networks they belong to or manage,
# and what is theirs on the page (on a theme's page, whether they follow it and already get its
# emails; on the event list, their places). Their session and unread count come from the cache
# (cached_db sessions, icase/community/unread.py); the site, the view restrictions and what a page
# lists that is the same for everyone from the content generation (cms/generation.py).
MEMBER_OVERHEAD = 0


@pytest.mark.parametrize("page_type", PAGES)
def test_each_page_type_renders_for_a_member_in_a_bounded_number_of_queries(
    client, uncached_responses, django_assert_max_num_queries, page_type
):
    find_url, bound = PAGES[page_type]
    url = find_url()
    client.force_login(make_member("reader"))
    client.get(url)
    client.get(url)
    with django_assert_max_num_queries(bound + MEMBER_OVERHEAD):
        assert client.get(url).status_code == 200
