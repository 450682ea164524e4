"""Absolute links to ICASE, always on the configured site address.

Emails and calendar files are read away from the request that made them: a link built
from the request's host (or from Wagtail's Site record, "localhost" in the seed) pointed people to
http://localhost/ or 127.0.0.1. Every absolute link goes through absolute_url, which uses the one
setting WAGTAILADMIN_BASE_URL (set it to the public address in production).
"""

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def base_url():
    """The site's public address without a trailing slash, e.g. https://icase.example.nhs.uk."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url):
    """`url` (a path, or an absolute URL on whatever host) as an absolute URL on the site address.

    The path, query and fragment are kept; the scheme and host always come from the setting, so a
    link made during a request to 127.0.0.1 still points to the public site.
    """
    parts = urlsplit(str(url or "/"))
    path = parts.path if parts.path.startswith("/") else f"/{parts.path}"
    base = urlsplit(base_url())
    return urlunsplit((base.scheme, base.netloc, base.path.rstrip("/") + path, parts.query, parts.fragment))


def page_url(page):
    """A Wagtail page's absolute URL on the site address (its own Site record may say localhost)."""
    parts = page.get_url_parts()
    if parts is None:
        return None
    return absolute_url(parts[2])
