"""The pioneer profile's edit form follows the profile as it is read, with help on every section."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField

from cms.models import PioneerProfilePage
from cms.roles import make_programme_editor
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db

TABS = ["Overview", "Vision and objectives", "Progress and learning", "Contacts and sources"]


def field_panels(panel):
    if isinstance(panel, FieldPanel):
        yield panel
    for child in getattr(panel, "children", []):
        yield from field_panels(child)


def test_the_profile_is_edited_in_tabs_in_reading_order():
    tabs = [tab.heading for tab in PioneerProfilePage.get_edit_handler().children]
    assert tabs[: len(TABS)] == TABS
    assert tabs[len(TABS) :] == ["Promote", "Settings"]


def test_every_section_says_what_good_looks_like():
    handler = PioneerProfilePage.get_edit_handler()
    rich_text = {
        field.name for field in PioneerProfilePage._meta.get_fields() if isinstance(field, RichTextField)
    }
    panels = {panel.field_name: panel for panel in field_panels(handler)}
    assert rich_text <= set(panels)  # every section is on the form
    for name in rich_text | {"summary"}:
        panel = panels[name]
        help_text = panel.help_text or panel.db_field.help_text
        assert len(str(help_text)) > 40, f"{name} has no help saying what good looks like"


def test_the_edit_view_shows_the_tabs(client):
    editor = make_member("profile-editor")
    make_programme_editor(editor)
    TOTP.activate(editor, generate_totp_secret())
    client.force_login(editor)
    pioneer = PioneerProfilePage.objects.get(slug="kent")
    content = client.get(f"/admin/pages/{pioneer.pk}/edit/").content.decode()
    for tab in TABS:
        assert tab in content
    assert "what the pioneer set out to change" in content.lower()
