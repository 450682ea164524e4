"""Absolute links use the configured site address (WAGTAILADMIN_BASE_URL), whatever host a request
came in on and whatever Wagtail's Site record says ("localhost" in the seed)."""

import pytest

from cms.models import LearningEventPage
from icase.links import absolute_url

pytestmark = pytest.mark.django_db
SITE = "https://icase.example.nhs.uk"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE


def test_absolute_url_keeps_the_path_and_replaces_any_host():
    assert absolute_url("/community/t/1/?page=2#post-3") == f"{SITE}/community/t/1/?page=2#post-3"
    assert absolute_url("http://127.0.0.1:8000/accounts/login/") == f"{SITE}/accounts/login/"
    assert absolute_url("http://localhost/events/x/") == f"{SITE}/events/x/"


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_event_calendar_file_links_to_the_site_address(client, host):
    event = LearningEventPage.objects.live().filter(start__isnull=False).first()  # undated: no file
    response = client.get(f"{event.url}calendar/", HTTP_HOST=host)
    ics = response.content.decode().replace("\r\n ", "")
    assert response.status_code == 200
    url_line = next(line for line in ics.splitlines() if line.startswith("URL"))
    assert url_line.endswith(f"{SITE}{event.url}"), url_line
    assert "localhost" not in ics and "127.0.0.1" not in ics
