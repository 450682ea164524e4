"""Every account page (django-allauth) in NHS.UK markup and copy: labels, hints, error messages, an
error summary that links to each field, sentence-case headings, UK English, and no inline script
or style (the Content Security Policy forbids them)."""

import re

import pytest

from django.core import mail
from django.core.cache import cache

from tests.icase.community.helpers import PASSWORD, make_member

pytestmark = pytest.mark.django_db

# allauth's own strings that must not reach a page: Title Case, US spelling, "contact us" with no link.
LIBRARY_COPY = re.compile(
    r"Sign In|Sign Up|Sign Out|Password Reset|Two-Factor Authentication|Email Addresses|Change Password|"
    r"Set Password|Authenticator App|Recovery Codes|Make Primary|Remember Me|Add Email|Started At|"
    r"IP Address|finalize|contact us|Forgot your password|This field is required|Email:",
)
ANONYMOUS_PAGES = [
    "/accounts/signup/",
    "/accounts/login/",
    "/accounts/login/code/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-set-password/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
]
MEMBER_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/accounts/2fa/",
    "/accounts/2fa/totp/activate/",
    "/accounts/sessions/",
]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def visible_text(html):
    main = html.split('id="maincontent"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def assert_nhsuk_page(response, url):
    html = response.content.decode()
    assert response.status_code == 200, url
    assert '<h1 class="nhsuk-heading-l">' in html, url
    found = LIBRARY_COPY.search(visible_text(html) + html.split("<title>", 1)[1].split("</title>", 1)[0])
    assert found is None, f"{url}: {found.group(0)!r}"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"{url}: inline script"
    assert not re.search(r"<style|\sstyle=", html), f"{url}: inline style"
    for widget in re.findall(r"<input[^>]*>", html):
        if 'type="hidden"' in widget:
            continue
        nhsuk = re.search(r'class="[^"]*nhsuk-(input|radios__input|checkboxes__input)', widget)
        assert nhsuk, f"{url}: {widget}"
    for field_id in re.findall(r'<input[^>]*\bid="([^"]+)"', html):
        assert f'for="{field_id}"' in html, f"{url}: input {field_id} has no label"
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), f"{url}: duplicate ids"


def test_sign_up_errors_are_an_error_summary_linking_to_each_field(client):
    response = client.post(
        "/accounts/signup/", {"name": "", "email": "not-an-email", "password1": "short", "password2": "other"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.split("<title>", 1)[1].startswith("Error: Create an account")
    summary = html.split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert html.index("nhsuk-error-summary") < html.index("<h1")
    assert '<a href="#id_name">Enter your name</a>' in summary
    assert '<a href="#id_email">Enter an email address in the correct format' in summary
    assert 'href="#id_password1"' in summary
    assert '<span class="nhsuk-error-message" id="id_email-error">' in html
    assert re.search(
        r'<input[^>]*aria-describedby="id_email-error"[^>]*nhsuk-input--error|'
        r'<input[^>]*nhsuk-input--error[^>]*aria-describedby="id_email-error"',
        html,
    )
    assert '<label class="nhsuk-label" for="id_name">Your name</label>' in html
    assert 'value="not-an-email"' in html, "what the user typed is kept"
    assert_nhsuk_page(response, "/accounts/signup/ with errors")


def test_a_wrong_password_is_summarised_and_linked_to_the_first_field(client):
    make_member("ada")
    response = client.post("/accounts/login/", {"login": "ada@example.org", "password": "wrong-password"})
    summary = response.content.decode().split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    assert '<a href="#id_login">The email address or password is not correct.' in summary


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_account_pages_for_visitors_use_nhsuk_components_and_copy(client, url):
    assert_nhsuk_page(client.get(url, follow=True), url)


def test_account_pages_for_members_use_nhsuk_components_and_copy(client):
    user = make_member("grace")
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    for url in MEMBER_PAGES:
        assert_nhsuk_page(client.get(url, follow=True), url)
    totp = client.get("/accounts/2fa/totp/activate/").content.decode()
    assert 'alt="QR code for your authenticator app"' in totp


def test_the_page_after_confirming_an_email_says_it_is_confirmed(client):
    client.post(
        "/accounts/signup/",
        {"name": "Grace", "email": "grace@council.gov.uk", "password1": PASSWORD, "password2": PASSWORD},
    )
    key = re.search(r"/accounts/confirm-email/([^\s/]+)/", mail.outbox[-1].body).group(1)
    confirm_page = client.get(f"/accounts/confirm-email/{key}/")
    assert_nhsuk_page(confirm_page, "confirm email")
    landed = client.post(f"/accounts/confirm-email/{key}/", follow=True)
    html = landed.content.decode()
    banner = html.split("nhsuk-notification-banner--success", 1)[1].split("</div>\n  </div>", 1)[0]
    assert "You have confirmed grace@council.gov.uk" in banner


@pytest.mark.parametrize("ticked", [True, False])
def test_sign_up_asks_about_the_editors_bulletin_and_starts_unticked(client, ticked):
    from django.contrib.auth import get_user_model

    from icase.alerts import bulletins

    html = client.get("/accounts/signup/").content.decode()
    box = re.search(r'<input type="checkbox" name="bulletin"[^>]*>', html).group(0)
    assert "checked" not in box
    assert "Send me the editors’ bulletin" in html
    fields = {
        "name": "Bea Bulletin",
        "email": "bea@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    if ticked:
        fields["bulletin"] = "on"
    response = client.post("/accounts/signup/", fields)
    assert response.status_code == 302
    member = get_user_model().objects.get(email="bea@example.org")
    assert bulletins.is_opted_in(member) is ticked
