"""Admin panels: collapsed collection items and editor's picks are headed with their page's title."""

import html
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cms.models import Theme, ThemedCollectionPage
from cms.roles import make_programme_editor
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator(client):
    editor = make_member("curator")
    make_programme_editor(editor)
    TOTP.activate(editor, generate_totp_secret())
    client.force_login(editor)
    return client


def headings(content):
    return [
        html.unescape(re.sub(r"<[^>]+>", "", heading)).strip()
        for heading in re.findall(r"<span data-panel-heading-text>(.*?)</span>\s*</h2>", content, re.S)
    ]


def test_collection_items_are_headed_with_their_pages_title(curator):
    collection = ThemedCollectionPage.objects.filter(items__isnull=False).distinct().first()
    content = curator.get(f"/admin/pages/{collection.pk}/edit/").content.decode()
    titles = [item.page.get_admin_display_title() for item in collection.items.all()]
    found = headings(content)
    for title in titles:
        assert any(heading.endswith(f": {title}") for heading in found), (title, found)
    assert "cms/admin/chosen-page-titles.js" in content  # re-heads an item when its page changes


def test_editors_picks_are_headed_with_their_pages_title(curator):
    theme = Theme.objects.filter(picks__isnull=False).distinct().first()
    content = curator.get(f"/admin/snippets/cms/theme/edit/{theme.pk}/").content.decode()
    found = headings(content)
    for pick in theme.picks.all():
        assert any(heading.endswith(f": {pick.page.get_admin_display_title()}") for heading in found)
