"""Curation: editor's picks lead each theme page; collections show each item's type, pioneer and
themes; programme editors manage both in the admin."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from cms.models import CaseStudyPage, Theme, ThemedCollectionPage, ThemePick
from cms.roles import make_programme_editor
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def test_editors_picks_lead_the_theme_page_in_order(client):
    content = client.get("/themes/information-governance/").content.decode()
    picks = content.split("Editor's picks", 1)[1]
    template = picks.index("Information sharing")
    cheshire = picks.index("pan-Cheshire")
    assert template < cheshire
    assert "Start here if you need to share identifiable data" in picks


def test_unpublished_picks_are_left_out(client):
    pick = Theme.objects.get(slug="avoiding-admission").picks.first()
    pick.page.unpublish()
    content = client.get("/themes/avoiding-admission/").content.decode()
    assert pick.page.title not in content.split("Editor's picks", 1)[1].split("</section>", 1)[0]


def test_collections_show_type_pioneer_and_themes_of_each_item(client):
    collection = ThemedCollectionPage.objects.live().first()
    content = client.get(collection.url).content.decode()
    case_study = next(
        item.page.specific for item in collection.items.all() if item.page.specific_class is CaseStudyPage
    )
    assert case_study.pioneer.title in content
    for theme in case_study.themes.all():
        assert escape(theme.label) in content  # the one theme label (issue 12, item 10)


def test_collection_pages_use_a_bounded_number_of_queries(client, uncached_responses):
    collection = ThemedCollectionPage.objects.live().first()
    client.get(collection.url)
    with CaptureQueriesContext(connection) as before:
        client.get(collection.url)
    for page in CaseStudyPage.objects.live()[:8]:
        collection.items.create(page=page, note="More reading")
    with CaptureQueriesContext(connection) as after:
        client.get(collection.url)
    assert len(after.captured_queries) <= len(before.captured_queries) + 1


def test_programme_editors_manage_picks_in_the_admin(client):
    editor = make_member("curator")
    make_programme_editor(editor)
    TOTP.activate(editor, generate_totp_secret())
    client.force_login(editor)
    theme = Theme.objects.get(slug="workforce")
    response = client.get(f"/admin/snippets/cms/theme/edit/{theme.pk}/")
    assert response.status_code == 200
    assert "Editor&#x27;s picks" in response.content.decode() or "Editor's picks" in response.content.decode()
    assert ThemePick.objects.filter(theme=theme).count() == 2
