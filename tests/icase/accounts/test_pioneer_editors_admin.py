"""Programme editors add and remove a pioneer's editors in the admin; nobody else can."""

import pytest

from cms.models import PioneerProfilePage
from icase.privacy.models import AuditEvent
from tests.icase.community.helpers import admin_client_for, make_editor, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def greenwich():
    return PioneerProfilePage.objects.get(slug="greenwich")


@pytest.fixture
def programme_editor():
    return admin_client_for(make_editor("programme-lead", "programme-editor"))


def edit_url(pioneer):
    return f"/admin/pioneer-editors/edit/{pioneer.space.pk}/"


def editors_of(pioneer):
    return set(pioneer.space.group.user_set.values_list("email", flat=True))


def test_a_programme_editor_adds_an_editor_by_email(programme_editor, greenwich):
    member = make_member("new-greenwich-editor")
    page = programme_editor.get(edit_url(greenwich)).content.decode()
    assert "Add an editor" in page and "two-factor" in page
    response = programme_editor.post(edit_url(greenwich), {"add_editor": member.email.upper()})
    assert response.status_code == 302
    assert member.email in editors_of(greenwich)
    member.profile.refresh_from_db()
    assert member.profile.pioneer_id == greenwich.pk  # their posts say where they are from
    assert AuditEvent.objects.filter(action=AuditEvent.ROLE_ADDED, subject_id=member.pk).exists()
    listing = programme_editor.get("/admin/pioneer-editors/").content.decode()
    assert member.email in listing


def test_a_programme_editor_removes_editors(programme_editor, greenwich):
    stays = make_editor("stays", "pioneer-editor", "greenwich")
    goes = make_editor("goes", "pioneer-editor", "greenwich")
    page = programme_editor.get(edit_url(greenwich)).content.decode()
    assert goes.email in page and stays.email in page
    programme_editor.post(edit_url(greenwich), {"remove_editors": [goes.pk]})
    assert editors_of(greenwich) == {stays.email}
    goes.refresh_from_db()
    assert goes.is_active  # the account stays; only the role goes
    assert AuditEvent.objects.filter(action=AuditEvent.ROLE_REMOVED, subject_id=goes.pk).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("nobody-here@example.org", "No member has signed up with nobody-here@example.org"),
        ("not an email", "Enter a valid email address"),
    ],
)
def test_an_unknown_or_malformed_address_is_explained_and_kept(programme_editor, greenwich, typed, message):
    response = programme_editor.post(edit_url(greenwich), {"add_editor": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'value="{typed}"' in page  # what was typed is still there to correct
    assert editors_of(greenwich) == set()


def test_adding_someone_who_already_edits_says_so(programme_editor, greenwich):
    member = make_editor("already", "pioneer-editor", "greenwich")
    page = programme_editor.post(edit_url(greenwich), {"add_editor": member.email}).content.decode()
    assert "already edits Greenwich" in page


def test_pioneer_editors_and_members_cannot_change_editors(greenwich):
    kent_editor = make_editor("kent-editor", "pioneer-editor", "kent")
    outsider = make_member("outsider")
    for client in (admin_client_for(kent_editor), admin_client_for(outsider)):
        response = client.post(edit_url(greenwich), {"add_editor": outsider.email})
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert not response["Location"].startswith("/admin/pioneer-editors/")
    assert editors_of(greenwich) == set()


def test_spaces_are_neither_added_nor_deleted_here(programme_editor, greenwich):
    """A space comes and goes with its pioneer; the screen offers neither."""
    listing = programme_editor.get("/admin/pioneer-editors/").content.decode()
    assert "Pioneer editors" in listing
    assert "/admin/pioneer-editors/new/" not in listing
    assert programme_editor.get("/admin/pioneer-editors/new/").status_code != 200
    assert programme_editor.get(f"/admin/pioneer-editors/delete/{greenwich.space.pk}/").status_code != 200
