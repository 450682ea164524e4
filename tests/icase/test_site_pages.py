"""Site-wide pages: the favicon, and error pages in the site's own layout."""

import pytest

from django.contrib.staticfiles import finders
from django.test import Client

from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def test_favicon_is_the_nhs_icon():
    response = Client().get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("vendor/nhsuk-assets/images/favicon.ico")
    assert finders.find("vendor/nhsuk-assets/images/favicon.ico")


def test_forbidden_pages_use_the_site_layout_and_say_why():
    client = Client()
    client.force_login(make_member("not-a-moderator"))
    response = client.get("/community/moderation/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot open this page" in page
    assert "css/icase.css" in page and 'class="nhsuk-header"' in page


def test_the_server_error_page_is_styled(settings):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "css/icase.css" in page and "nhsuk-header" in page
