"""What a page lists that is the same for every visitor (a theme's pages and picks, a collection's
items, a pioneer's case studies, the listing filters' options) is read once per content
generation: a change shows on the next request, signed in or not, and a preview shows the
editor's unsaved version."""

import pytest

from django.test import RequestFactory

from cms.models import CaseStudyPage, PioneerProfilePage, Theme, ThemedCollectionPage
from cms.models.collection import CollectionItem
from cms.models.snippets import ThemePick
from tests.cms.factories import CaseStudyPageFactory, ThemeFactory
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, uncached_responses):
    client.force_login(make_member("generation-reader"))
    return client


def test_a_newly_tagged_case_study_shows_on_the_theme_page_at_once(member_client):
    theme = Theme.objects.get(slug="workforce")
    url = f"/themes/{theme.slug}/"
    case_study = CaseStudyPage.objects.live().exclude(themes=theme).first()
    assert case_study.title not in member_client.get(url).content.decode()
    case_study.themes.add(theme)
    case_study.save_revision().publish()
    assert case_study.title in member_client.get(url).content.decode()
    case_study.unpublish()
    assert case_study.title not in member_client.get(url).content.decode()


def test_a_new_theme_pick_shows_at_once(member_client):
    theme = Theme.objects.get(slug="workforce")
    url = f"/themes/{theme.slug}/"
    member_client.get(url)
    page = CaseStudyPage.objects.live().exclude(themes=theme).first()
    theme.picks.add(ThemePick(page=page, note="Read this first: a note written by a test."))
    theme.save()  # as the snippet editor saves it
    assert "a note written by a test" in member_client.get(url).content.decode()


def test_a_collection_item_added_and_published_shows_at_once(member_client):
    collection = ThemedCollectionPage.objects.live().first()
    chosen = {item.page_id for item in collection.items.all()}
    page = CaseStudyPage.objects.live().exclude(pk__in=chosen).first()
    assert page.title not in member_client.get(collection.url).content.decode()
    collection.items.add(CollectionItem(page=page, note="Added by a test."))
    collection.save_revision().publish()
    assert page.title in member_client.get(collection.url).content.decode()


def test_a_collection_preview_shows_the_unsaved_items():
    collection = ThemedCollectionPage.objects.live().first()
    request = RequestFactory().get(collection.url)
    request.user = make_member("previewing-editor")
    collection.get_context(request)  # the live items, now read once for this generation
    page = CaseStudyPage.objects.live().exclude(pk__in=[i.page_id for i in collection.items.all()]).first()
    collection.items.add(CollectionItem(page=page, note="Not saved yet."))
    request.is_preview = True
    previewed = [target for _item, target in collection.get_context(request)["resolved_items"]]
    assert page in previewed


def test_a_new_case_study_shows_on_its_pioneers_page_and_in_the_listing_filters_at_once(member_client):
    pioneer = PioneerProfilePage.objects.get(slug="kent")
    theme = ThemeFactory(name="A theme only a test uses", slug="only-a-test")
    member_client.get(pioneer.url)
    listing = member_client.get("/case-studies/").content.decode()
    assert "A theme only a test uses" not in listing
    case_study = CaseStudyPageFactory(parent=pioneer, title="A case study added by a test", themes=[theme])
    case_study.save_revision().publish()
    assert "A case study added by a test" in member_client.get(pioneer.url).content.decode()
    assert "A theme only a test uses" in member_client.get("/case-studies/").content.decode()
