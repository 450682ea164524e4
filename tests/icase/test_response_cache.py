"""The anonymous response cache (icase/response_cache.py) through real requests and the real
cache: what is served from it, that every kind of change shows at once, and what is never cached."""

import io
import time
from unittest import mock

import pytest

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.models import PageViewRestriction

from cms.models import (
    CaseStudyPage,
    CollectionItem,
    PageViewCount,
    PioneerProfilePage,
    Theme,
    ThemedCollectionPage,
    ThemePick,
    ToolkitPage,
)
from cms.view_counts import flush_view_counts
from icase.community.models import Category, Post, Thread
from tests.cms.test_roles import edit_form
from tests.icase.community.helpers import admin_client_for, make_member, make_thread

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130"


def visitor():
    return Client(HTTP_USER_AGENT=BROWSER)


def fetch(url):
    """A new anonymous visitor's view of `url`: status, body and whether it came from the cache."""
    response = visitor().get(url)
    return response.status_code, response.content.decode(), response.headers.get("X-Cache")


def cached(url):
    """Visit twice, so the second answer comes from the cache when the page may be cached."""
    fetch(url)
    return fetch(url)


@pytest.fixture
def case_study():
    return CaseStudyPage.objects.live().public().select_related("pioneer").first()


def test_an_anonymous_page_is_served_from_the_cache_with_headers_a_cdn_can_use(case_study):
    first = visitor().get(case_study.url)
    assert first.headers["X-Cache"] == "miss"
    second = visitor().get(case_study.url)
    assert second.headers["X-Cache"] == "hit"
    assert second.content == first.content
    assert "public" in second.headers["Cache-Control"] and "max-age=0" in second.headers["Cache-Control"]
    assert "Cookie" in second.headers["Vary"]
    assert second.headers["Content-Security-Policy"] == first.headers["Content-Security-Policy"]
    revalidated = visitor().get(case_study.url, HTTP_IF_NONE_MATCH=second.headers["ETag"])
    assert revalidated.status_code == 304
    assert not second.cookies


def test_a_query_string_is_its_own_page():
    assert cached("/case-studies/?pioneer=kent")[2] == "hit"
    status, body, source = fetch("/case-studies/?pioneer=barnsley")
    assert source == "miss" and "Barnsley" in body


# Invalidation: each change shows on the next request, on every page that shows it.


def test_publishing_shows_at_once_on_the_page_its_listing_and_the_home_page(case_study):
    for url in (case_study.url, "/case-studies/", "/"):
        assert cached(url)[2] == "hit"
    case_study.title = "A freshly published title"
    case_study.save_revision().publish()
    for url in (case_study.url, "/case-studies/"):
        status, body, source = fetch(url)
        assert source == "miss" and "A freshly published title" in body, url


def test_unpublishing_removes_the_page_and_its_cards_at_once(case_study):
    assert case_study.title in cached("/case-studies/")[1]
    assert cached(case_study.url)[2] == "hit"
    case_study.unpublish()
    assert fetch(case_study.url)[0] == 404
    assert case_study.title not in fetch("/case-studies/")[1]


def test_moving_a_page_shows_it_at_its_new_address_at_once(case_study):
    old_url = case_study.url
    assert cached(old_url)[2] == "hit"
    other = PioneerProfilePage.objects.exclude(pk=case_study.pioneer_id).live().first()
    case_study.move(other, pos="last-child")
    case_study.refresh_from_db()
    assert fetch(old_url)[0] == 301  # Wagtail redirects the old address, no longer the cached page
    assert fetch(case_study.url)[0] == 200


def test_deleting_a_page_removes_it_at_once(case_study):
    assert cached(case_study.url)[2] == "hit"
    case_study.delete()
    assert fetch(case_study.url)[0] == 404


def test_a_new_view_restriction_makes_the_cached_page_private_at_once(case_study):
    assert cached(case_study.url)[2] == "hit"
    assert case_study.title in cached("/case-studies/")[1]
    PageViewRestriction.objects.create(page=case_study, restriction_type=PageViewRestriction.LOGIN)
    assert fetch(case_study.url)[0] == 302
    assert case_study.title not in fetch("/case-studies/")[1]


def test_editing_a_theme_shows_on_its_pages_at_once(case_study):
    theme = case_study.themes.first()
    url = f"/themes/{theme.slug}/"
    assert cached(url)[2] == "hit"
    theme.name = "A renamed theme"
    theme.save()
    assert "A renamed theme" in fetch(url)[1]


def test_a_new_editors_pick_shows_at_once():
    theme = Theme.objects.first()
    url = f"/themes/{theme.slug}/"
    assert cached(url)[2] == "hit"
    toolkit = ToolkitPage.objects.live().public().first()
    ThemePick.objects.create(theme=theme, page=toolkit, note="Read this one first, the editors say")
    assert "Read this one first, the editors say" in fetch(url)[1]


def test_a_new_collection_item_shows_at_once():
    collection = ThemedCollectionPage.objects.live().public().first()
    assert cached(collection.url)[2] == "hit"
    page = CaseStudyPage.objects.live().public().exclude(pk__in=collection.items.values("page_id")).first()
    CollectionItem.objects.create(collection=collection, page=page, note="A note the editors just added")
    assert "A note the editors just added" in fetch(collection.url)[1]


def test_a_new_public_thread_and_reply_show_at_once():
    category_url = reverse("community:category", args=["informatics-network"])
    assert cached(category_url)[2] == "hit"
    assert cached("/community/")[2] == "hit"
    author = make_member("quick-poster")
    thread = make_thread(author, title="A thread started a moment ago")
    assert "A thread started a moment ago" in fetch(category_url)[1]
    assert cached(thread.get_absolute_url())[2] == "hit"
    Post.objects.create(thread=thread, author=author, raw="A reply posted a moment ago")
    thread_html = fetch(thread.get_absolute_url())[1]
    assert "A reply posted a moment ago" in thread_html


def test_purge_command_empties_the_cache(case_study):
    assert cached(case_study.url)[2] == "hit"
    call_command("purge_cache", stdout=io.StringIO())
    assert fetch(case_study.url)[2] == "miss"


# Never cached: anything private or personal.


def test_signed_in_members_are_never_served_or_stored_in_the_cache(case_study):
    member = Client(HTTP_USER_AGENT=BROWSER)
    member.force_login(make_member("signed-in-reader"))
    assert cached(case_study.url)[2] == "hit"
    response = member.get(case_study.url)
    assert "X-Cache" not in response.headers
    assert "Your profile" in response.content.decode()
    assert "private" in response.headers["Cache-Control"]
    member.get("/community/")
    status, body, source = fetch("/community/")
    assert "Your profile" not in body and "Sign out" not in body


def test_pages_with_a_csrf_form_are_never_cached():
    for _ in range(2):
        response = visitor().get(reverse("contact"))
        assert response.status_code == 200
        assert "X-Cache" not in response.headers
        assert "private" in response.headers["Cache-Control"]


def test_private_pages_are_never_cached(case_study):
    PageViewRestriction.objects.create(page=case_study, restriction_type=PageViewRestriction.LOGIN)
    member = Client(HTTP_USER_AGENT=BROWSER)
    member.force_login(make_member("private-reader"))
    assert member.get(case_study.url).status_code == 200
    for _ in range(2):
        response = visitor().get(case_study.url)
        assert response.status_code == 302 and "X-Cache" not in response.headers


def test_private_networks_are_never_cached():
    network = Category.objects.filter(is_private=True).first()
    member = make_member("network-member")
    thread = Thread.objects.create(category=network, title="Inside the network", author=member)
    Post.objects.create(thread=thread, author=member, raw="Only the network's members may read this")
    for url in (reverse("community:category", args=[network.slug]), thread.get_absolute_url()):
        for _ in range(2):
            response = visitor().get(url)
            assert "X-Cache" not in response.headers and "private" in response.headers["Cache-Control"]
            assert "Inside the network" not in response.content.decode()


def test_responses_that_set_cookies_or_carry_messages_are_never_cached(case_study):
    with_messages = Client(HTTP_USER_AGENT=BROWSER)
    with_messages.cookies["messages"] = "anything"
    response = with_messages.get(case_study.url)
    assert "X-Cache" not in response.headers
    assert fetch(case_study.url)[2] == "miss"  # the request with a messages cookie stored nothing


def test_the_admin_and_previews_are_never_cached(case_study):
    editor = make_member("cache-editor")
    call_command("assign_role", editor.email, "programme-editor", stdout=io.StringIO())
    editor_client = admin_client_for(editor)
    assert cached(case_study.url)[2] == "hit"
    url = f"/admin/pages/{case_study.pk}/edit/preview/"
    data = edit_form(editor_client, case_study)
    data["title"] = "A draft title only the preview shows"
    assert editor_client.post(url, data).json()["is_valid"] is True
    preview = editor_client.get(url, {"in_preview_panel": "true", "mode": ""})
    assert b"A draft title only the preview shows" in preview.content
    assert "X-Cache" not in editor_client.get("/admin/").headers
    assert "A draft title only the preview shows" not in fetch(case_study.url)[1]


def test_a_view_served_from_the_cache_is_counted_after_a_flush(case_study):
    assert cached(case_study.url)[2] == "hit"  # one rendered view, one from the cache
    assert fetch(case_study.url)[2] == "hit"
    Client(HTTP_USER_AGENT="Googlebot/2.1").get(case_study.url)  # robots are not counted
    assert not PageViewCount.objects.filter(page_id=case_study.pk).exists()  # no write per request
    flush_view_counts(now=time.time() + 180)
    assert PageViewCount.objects.get(page_id=case_study.pk).count == 3


def test_a_cache_outage_slows_pages_down_without_failing_them(case_study):
    with mock.patch("icase.response_cache.current_generation", side_effect=ConnectionError("cache down")):
        response = visitor().get(case_study.url)
    assert response.status_code == 200 and "X-Cache" not in response.headers
    assert case_study.title in response.content.decode()
