"""Member accounts (django-allauth): verified sign-up, no account enumeration, rate limits on,
and two-factor authentication required before anyone reaches the Wagtail admin."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.contrib.auth.models import Permission, User
from django.core import mail
from django.core.cache import cache

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-unusual-passphrase-for-icase"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def member(email="ada@example.nhs.uk", verified=True, **extra):
    from allauth.account.models import EmailAddress

    user = User.objects.create_user(username=email.split("@")[0], email=email, password=PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def summary(response):
    """What a visitor can observe: status, where they are sent, and the text of the page."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())) if response.content else ""
    text = re.sub(r"[\w.+-]+@[\w.-]+", "<email>", text)
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    return response.status_code, response.get("Location"), text


def test_sign_up_needs_a_verified_email_before_signing_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Grace Hopper",
            "email": "grace@council.gov.uk",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    link = re.search(r"http://[^\s]+/accounts/confirm-email/([^\s/]+)/", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body

    client.logout()
    refused = client.post("/accounts/login/", {"login": "grace@council.gov.uk", "password": PASSWORD})
    assert refused.status_code == 302 and refused["Location"] == "/accounts/confirm-email/"

    client.post(f"/accounts/confirm-email/{link.group(1)}/")
    signed_in = client.post("/accounts/login/", {"login": "grace@council.gov.uk", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/"


def test_anyone_in_health_and_care_can_join_not_only_nhs_addresses(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Grace Hopper",
            "email": "carer@voluntary-sector.org.uk",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    member("known@example.nhs.uk")
    known = summary(client.post("/accounts/password/reset/", {"email": "known@example.nhs.uk"}, follow=True))
    unknown = summary(
        client.post("/accounts/password/reset/", {"email": "unknown@example.nhs.uk"}, follow=True)
    )
    assert known == unknown


def test_sign_up_with_an_existing_address_answers_like_a_new_one(client):
    member("taken@example.nhs.uk")
    taken = client.post(
        "/accounts/signup/",
        {
            "name": "Grace Hopper",
            "email": "taken@example.nhs.uk",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    client.logout()
    fresh = client.post(
        "/accounts/signup/",
        {
            "name": "Grace Hopper",
            "email": "fresh@example.nhs.uk",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert (taken.status_code, taken["Location"]) == (fresh.status_code, fresh["Location"])
    assert len(mail.outbox) == 2, "the existing member is told by email, not on screen"


def test_login_by_code_answers_the_same_for_known_and_unknown_addresses(client):
    member("coded@example.nhs.uk")
    known = client.post("/accounts/login/code/", {"email": "coded@example.nhs.uk"})
    cache.clear()
    unknown = client.post("/accounts/login/code/", {"email": "nobody@example.nhs.uk"})
    assert (known.status_code, known.get("Location")) == (unknown.status_code, unknown.get("Location"))


def test_the_sixth_failed_login_is_refused_even_with_the_right_password(client):
    member("target@example.nhs.uk")
    for _ in range(5):
        client.post("/accounts/login/", {"login": "target@example.nhs.uk", "password": "wrong-password"})
    response = client.post("/accounts/login/", {"login": "target@example.nhs.uk", "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_staff_without_two_factor_are_sent_to_set_it_up_before_the_admin(client):
    editor = member("editor@example.nhs.uk", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")

    TOTP.activate(editor, generate_totp_secret())
    assert client.get("/admin/").status_code == 200


def test_after_setting_up_two_factor_an_editor_is_offered_the_way_back_to_the_admin(client):
    editor = member("returning@example.nhs.uk", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    client.get("/admin/pages/")
    assert "Continue to the ICASE admin" not in client.get("/accounts/2fa/").content.decode()  # not yet on
    TOTP.activate(editor, generate_totp_secret())
    # The two-factor page (and the recovery codes shown straight after setting up the app, which
    # include the same block) offer the page the editor was sent away from.
    html = client.get("/accounts/2fa/").content.decode()
    assert 'href="/admin/pages/"' in html and "Continue to the ICASE admin" in html


def test_members_who_never_left_the_admin_are_not_offered_it(client):
    client.force_login(member("plain@example.nhs.uk"))
    assert "Continue to the ICASE admin" not in client.get("/accounts/2fa/").content.decode()


def test_members_who_cannot_use_the_admin_are_not_asked_for_two_factor(client):
    client.force_login(member("reader@example.nhs.uk"))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert not response["Location"].startswith("/accounts/2fa/")


def test_the_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"


def test_a_password_change_needs_the_current_password_and_ends_other_sessions():
    from django.test import Client

    member("changer@example.nhs.uk")
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        device.post("/accounts/login/", {"login": "changer@example.nhs.uk", "password": PASSWORD})
    new = "another-long-unusual-passphrase"
    refused = laptop.post(
        "/accounts/password/change/", {"oldpassword": "not-my-password", "password1": new, "password2": new}
    )
    assert refused.status_code == 200 and "not-my-password" not in refused.content.decode()
    changed = laptop.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert changed.status_code == 302
    assert laptop.get("/accounts/sessions/").status_code == 200, "this session continues"
    assert phone.get("/accounts/sessions/").status_code == 302, "other sessions end"


def test_changing_email_asks_for_the_password_again_first(client):
    user = member("mover@example.nhs.uk")
    client.force_login(user)
    response = client.post("/accounts/email/", {"action_add": "", "email": "new@example.nhs.uk"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")


def test_members_can_see_and_end_their_other_sessions():
    from django.test import Client

    member("traveller@example.nhs.uk")
    laptop, phone = Client(), Client()
    for device in (laptop, phone):
        response = device.post(
            "/accounts/login/", {"login": "traveller@example.nhs.uk", "password": PASSWORD}
        )
        assert response.status_code == 302 and response["Location"] == "/"
    listing = laptop.get("/accounts/sessions/")
    assert listing.status_code == 200
    laptop.post("/accounts/sessions/")
    assert "_auth_user_id" in laptop.session
    assert phone.get("/accounts/sessions/").status_code == 302, "the other session has been ended"


def test_sign_up_floods_get_429_even_with_a_spoofed_forwarded_for(client):
    statuses = []
    for number in range(25):
        response = client.post(
            "/accounts/signup/",
            {
                "name": "Flood",
                "email": f"flood{number}@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
        )
        statuses.append(response.status_code)
    assert 429 in statuses
    assert statuses[-1] == 429


def test_login_code_floods_for_one_address_are_refused():
    from django.test import Client

    member("coded-flood@example.org")
    for _ in range(6):
        Client().post("/accounts/login/code/", {"email": "coded-flood@example.org"})
    sent = [message for message in mail.outbox if "coded-flood@example.org" in message.to]
    assert len(sent) == 3


def test_the_sixth_failed_login_is_refused_whatever_forwarded_for_says(client):
    member("spoofer-target@example.org")
    for number in range(5):
        client.post(
            "/accounts/login/",
            {"login": "spoofer-target@example.org", "password": "wrong-password"},
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    client.post(
        "/accounts/login/",
        {"login": "spoofer-target@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert "_auth_user_id" not in client.session


def test_the_recovery_codes_shown_after_setting_up_offer_the_way_back_too(rf):
    """allauth shows the codes straight after the app is set up (no reauthentication then)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.template.loader import render_to_string

    editor = member("codes@example.nhs.uk", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    TOTP.activate(editor, generate_totp_secret())
    request = rf.get("/accounts/2fa/recovery-codes/")
    request.user, request.session = editor, SessionStore()
    request.session["icase_admin_after_mfa"] = "/admin/pages/"
    context = {"unused_codes": ["abc123", "def456"], "total_count": 2, "can_view_codes": True}
    html = render_to_string("mfa/recovery_codes/index.html", context, request=request)
    assert "abc123" in html and 'href="/admin/pages/"' in html
