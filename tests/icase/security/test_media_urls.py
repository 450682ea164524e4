"""In development (DEBUG) the site serves uploaded images itself, but never document files by a
direct media URL: those go through Wagtail's view, which applies collection privacy."""

import importlib

import pytest

from django.test.utils import override_settings
from django.urls import Resolver404, clear_url_caches, resolve


@pytest.fixture
def debug_urls():
    import icase.urls

    with override_settings(DEBUG=True):
        clear_url_caches()
        yield importlib.reload(icase.urls)
    clear_url_caches()
    importlib.reload(icase.urls)


def _serves_media_file(path, urlconf):
    try:
        match = resolve(path, urlconf=urlconf)
    except Resolver404:
        return False
    return match.func.__module__ == "django.views.static"


def test_development_serves_images_but_not_document_files(debug_urls):
    assert _serves_media_file("/media/images/photo.width-800.png", debug_urls)
    assert _serves_media_file("/media/original_images/photo.png", debug_urls)
    assert not _serves_media_file("/media/documents/story.pdf", debug_urls)
