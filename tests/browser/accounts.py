"""Signing the seeded browser-test accounts in, with a real TOTP code where two-factor is on."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.icase.community.helpers import PASSWORD

from .community_content import TOTP_SECRETS


def totp_code(email):
    return format_hotp_value(hotp_value(TOTP_SECRETS[email], int(time.time()) // 30))


def sign_in(browser, base_url, email, two_factor=False):
    """A new browser context signed in as `email`, and its tab."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(base_url + "/accounts/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    if two_factor:
        tab.locator("input[name=code]").fill(totp_code(email))
        tab.locator("input[name=code]").press("Enter")
    tab.wait_for_load_state()
    assert "/accounts/login" not in tab.url, tab.content()[:2000]
    return context, tab
