"""Signing the seeded browser-test accounts in, with a real TOTP code where two-factor is on.

allauth refuses a TOTP code that has already been used (replay protection), so two sign-ins of
one account inside the same 30-second window would leave the second on the code page, signed
out. Each sign-in here therefore waits for a window its account has not used yet, and checks that
the code page was left."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from tests.icase.community.helpers import PASSWORD

from .community_content import TOTP_SECRETS

PERIOD = 30
_windows_used = {}


def unused_totp_code(email, secret=None):
    """The code for the first 30-second window this session has not signed `email` in yet."""
    window = int(time.time()) // PERIOD
    if _windows_used.get(email, -1) >= window:
        time.sleep((window + 1) * PERIOD - time.time() + 0.2)
        window = int(time.time()) // PERIOD
    _windows_used[email] = window
    return format_hotp_value(hotp_value(secret or TOTP_SECRETS[email], window))


def sign_in(browser, base_url, email, two_factor=False, secret=None, viewport=None):
    """A new browser context signed in as `email`, and its tab."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(base_url + "/accounts/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    if two_factor:
        tab.locator("input[name=code]").fill(unused_totp_code(email, secret))
        tab.locator("input[name=code]").press("Enter")
    tab.wait_for_load_state()
    signed_out = "/accounts/login" in tab.url or "/accounts/2fa/authenticate" in tab.url
    assert not signed_out, tab.content()[:2000]
    return context, tab
