"""Helpers shared by the editorial role tests."""


def denied(response):
    """Wagtail answers a forbidden admin request with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and "/admin/" in response["Location"])
