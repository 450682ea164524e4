"""Account pages and messages in ICASE's own words (a design review found library copy left), the
messages rendered once on whatever page comes next, and the sessions page naming devices."""

import pytest
from allauth.account.models import EmailAddress

from django.template.loader import render_to_string
from django.test import Client

from icase.accounts.devices import describe
from tests.icase.community.helpers import PASSWORD, make_member

from .test_account_pages import visible_text

pytestmark = pytest.mark.django_db

LIBRARY_WORDING = [
    "please sign up first",
    "Then please sign in",
    "special code for a password-free sign-in",
    "Other sign-in options",
    "The following email addresses are associated with your account",
    "An authenticator app is not active",
    "can’t be entirely numeric",
    "can't be entirely numeric",
    "Successfully signed in",
    "Please reauthenticate",
    "Enter your password:",
    "Enter an authenticator code:",
]


@pytest.fixture
def member():
    return make_member("grace")


def signed_in(member, **headers):
    client = Client(**headers)
    client.force_login(member)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


@pytest.mark.parametrize(
    "url",
    ["/accounts/login/", "/accounts/signup/", "/accounts/login/code/", "/accounts/password/reset/key/1-x/"],
)
def test_visitor_account_pages_use_icase_wording(client, url):
    text = visible_text(client.get(url, follow=True).content.decode())
    assert [phrase for phrase in LIBRARY_WORDING if phrase in text] == []


def test_member_account_pages_use_icase_wording(member):
    client = signed_in(member)
    for url in ("/accounts/email/", "/accounts/2fa/", "/accounts/password/change/"):
        text = visible_text(client.get(url, follow=True).content.decode())
        assert [phrase for phrase in LIBRARY_WORDING if phrase in text] == [], url


def test_confirming_it_is_you_uses_icase_wording_and_a_labelled_field(member):
    client = Client()
    client.force_login(member)
    page = client.get("/accounts/reauthenticate/").content.decode()
    text = visible_text(page)
    assert "Confirm it is you" in text
    assert [phrase for phrase in LIBRARY_WORDING if phrase in text] == []
    assert '<label class="nhsuk-label" for="id_password"' in page


def test_confirming_it_is_you_by_authenticator_code_uses_icase_wording(member, rf):
    from allauth.mfa.base.forms import ReauthenticateForm

    request = rf.get("/accounts/2fa/reauthenticate/")
    request.user = member
    form = ReauthenticateForm(user=member)
    page = render_to_string("mfa/reauthenticate.html", {"form": form}, request=request)
    text = visible_text(page)
    assert "Confirm it is you" in text and "6-digit code" in text
    assert [phrase for phrase in LIBRARY_WORDING if phrase in text] == []
    assert 'action="/accounts/2fa/reauthenticate/"' in page


def test_the_new_password_hint_is_one_plain_sentence(client):
    html = client.get("/accounts/signup/").content.decode()
    assert "Use at least 8 characters." in html
    assert "<ul" not in html.split('id="id_password1-hint"', 1)[1].split("</div>", 1)[0]


def test_a_lone_confirmed_address_offers_no_actions_on_it(member):
    html = signed_in(member).get("/accounts/email/").content.decode()
    for action in ("action_primary", "action_send", "action_remove"):
        assert f'name="{action}"' not in html
    assert "grace@example.org" in html and "Confirmed" in html


def test_several_addresses_offer_make_main_and_remove_and_resend_only_when_unconfirmed(member):
    EmailAddress.objects.create(user=member, email="grace@council.gov.uk", verified=True, primary=False)
    html = signed_in(member).get("/accounts/email/").content.decode()
    assert 'name="action_primary"' in html and 'name="action_remove"' in html
    assert 'name="action_send"' not in html
    EmailAddress.objects.filter(email="grace@council.gov.uk").update(verified=False)
    assert 'name="action_send"' in signed_in(member).get("/accounts/email/").content.decode()


def test_the_sign_in_message_shows_once_on_the_next_page_whatever_it_is(member):
    client = Client()
    response = client.post("/accounts/login/", {"login": "grace@example.org", "password": PASSWORD})
    assert response.status_code == 302
    home = client.get("/").content.decode()
    assert home.count("You're signed in.") == 1 or home.count("You&#x27;re signed in.") == 1
    assert "nhsuk-notification-banner" in home
    assert "signed in." not in client.get("/share-your-story/").content.decode()


def test_sessions_page_names_devices_and_heads_every_column(member):
    html = signed_in(member, HTTP_USER_AGENT=CHROME_LINUX).get("/accounts/sessions/").content.decode()
    assert "Mozilla/5.0" not in visible_text(html)
    assert ">Chrome on Linux</span>" in html
    for heading in ("Browser and device", "IP address", "Current session"):
        assert f'scope="col">{heading}</th>' in html
    assert 'class="nhsuk-table-responsive__heading" aria-hidden="true">IP address </span>' in html


CHROME_LINUX = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    "user_agent, expected",
    [
        (CHROME_LINUX, "Chrome on Linux"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        ("curl/8.5.0", "Unknown browser"),
        ("", "Unknown browser"),
    ],
)
def test_user_agents_read_as_browser_on_system(user_agent, expected):
    assert describe(user_agent) == expected


def test_the_security_code_step_of_signing_in_uses_icase_wording(member):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(member, generate_totp_secret())
    client = Client()
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/authenticate")
    text = visible_text(page)
    assert "Enter your security code" in text and "recovery codes" in text
    assert "Two-Factor Authentication" not in text and "Please enter an authenticator code" not in text
    assert 'name="code"' in page and 'href="/contact/"' in page
