"""Editors mark experts and see pioneer affiliations in the Wagtail admin; members cannot."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.contrib.auth.models import Permission

from cms.models import Theme

from .helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = make_member("programme-editor")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_memberprofile"),
        Permission.objects.get(codename="change_memberprofile"),
    )
    TOTP.activate(user, generate_totp_secret())
    return user


def test_an_editor_marks_a_member_as_an_expert(client, editor):
    member = make_member("ig-lead", display_name="IG Lead", organisation="Leeds", contactable=True)
    client.force_login(editor)
    listing = client.get("/admin/community/members/?q=Leeds")
    assert listing.status_code == 200
    assert "IG Lead" in listing.content.decode()
    theme = Theme.objects.get(slug="information-governance")
    response = client.post(
        f"/admin/community/members/edit/{member.profile.pk}/",
        {
            "display_name": "IG Lead",
            "role": "",
            "organisation": "Leeds",
            "sector": "",
            "pioneer": "",
            "expert_themes": [theme.pk],
            "contactable": "on",
            "suspended_until": "",
            "suspension_reason": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(member.profile.expert_themes.all()) == [theme]
    client.force_login(make_member("someone"))
    page = client.get("/members/?experts=1&theme=information-governance").content.decode()
    assert "IG Lead" in page


def test_members_without_permission_cannot_open_member_admin(client):
    user = make_member("curious")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    response = client.get("/admin/community/members/")
    assert response.status_code in (302, 403)
