"""Helpers shared by the editorial role tests."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.test import Client


def admin_client(user):
    TOTP.activate(user, generate_totp_secret())  # the admin requires two-factor authentication
    client = Client()
    client.force_login(user)
    return client


def denied(response):
    """Wagtail answers a forbidden admin request with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and "/admin/" in response["Location"])
