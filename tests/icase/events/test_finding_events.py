"""Finding events: the events list filters by format, a public network's events have a calendar
feed (a private network's have none), the lists link their feeds, and search finds past events
whose recording is available (both backends) (issue 16)."""

import datetime
import re

import icalendar
import pytest

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cms.models import EventIndexPage, Theme
from search.query import run_search
from search.request import SearchRequest
from tests.search.conftest import fresh_index, refresh  # noqa: F401 - fixture used below

from .helpers import open_event

pytestmark = pytest.mark.django_db
PUBLIC, PRIVATE = "informatics-network", "integrated-care-payment-forum"


def listed(client, **params):
    return client.get(EventIndexPage.objects.get().url, params).text


def test_the_events_list_filters_by_format(client):
    open_event(title="Online only webinar", online=True, venue="")
    open_event(title="Room only workshop", online=False, venue="Meeting room 1")
    open_event(title="Room and online assembly", online=True, venue="Meeting room 2")

    assert "Format" in listed(client)
    online = listed(client, format="online")
    assert "Online only webinar" in online and "Room only workshop" not in online
    assert "Room and online assembly" not in online
    both = listed(client, format=["in-person", "hybrid"])
    assert "Room only workshop" in both and "Room and online assembly" in both
    assert "Online only webinar" not in both
    assert "Online only webinar" in listed(client, format="no-such-format")  # an unknown value is ignored


def test_a_public_network_has_a_calendar_feed_and_a_private_one_has_none(client):
    open_event(title="Run by the informatics network", network=PUBLIC)
    open_event(title="Not the network's")
    open_event(title="For the forum's members", audience_network=PRIVATE)

    response = client.get(reverse("events:calendar_network", args=[PUBLIC]))
    assert response["Content-Type"].startswith("text/calendar")
    titles = {
        str(event["summary"]) for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert "Run by the informatics network" in titles  # with the network's seeded meeting
    assert not titles & {"Not the network's", "For the forum's members"}
    assert client.get(reverse("events:calendar_network", args=[PRIVATE])).status_code == 404
    assert client.get(reverse("events:calendar_network", args=["no-such-network"])).status_code == 404


def test_the_events_list_and_a_network_page_link_their_calendar_feeds(client):
    open_event(title="Run by the informatics network", network=PUBLIC)
    assert reverse("events:calendar_all") in listed(client)
    network_page = client.get(reverse("community:category", args=[PUBLIC])).text
    assert reverse("events:calendar_network", args=[PUBLIC]) in network_page


def make_recorded_pair():
    past = timezone.now() - datetime.timedelta(days=30)
    recorded = open_event(
        title="Shared records webinar recorded", start=past, recording_url="https://v.example.org/9"
    )
    unrecorded = open_event(title="Shared records webinar unrecorded", start=past)
    for event in (recorded, unrecorded):  # published as an editor publishes, which indexes them
        event.save_revision().publish()
    return recorded


def assert_recording_facet_finds(recorded):
    response = run_search(SearchRequest(query="shared records webinar", filters={"recording": ["yes"]}))
    assert [result.url for result in response.results] == [recorded.url]
    assert {value.label for value in response.facets["recording"][1]} == {"Recording available"}


def test_database_search_finds_past_events_whose_recording_is_available():
    assert_recording_facet_finds(make_recorded_pair())


def test_elasticsearch_finds_past_events_whose_recording_is_available(
    fresh_index,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        recorded = make_recorded_pair()
    refresh(fresh_index)
    assert run_search(SearchRequest(query="shared records webinar")).backend == "elasticsearch"
    assert_recording_facet_finds(recorded)


def test_the_events_list_filters_by_region_offering_only_the_regions_listed(client):
    open_event(title="Leeds records workshop", region="yorkshire-humber")
    open_event(title="Kent reablement workshop", region="south-east")
    open_event(title="National webinar")
    page = listed(client)
    offered = set(re.findall(r'name="region" type="checkbox" value="([^"]+)"', page))
    assert offered == {"yorkshire-humber", "south-east"}  # a region no event has is not offered
    yorkshire = listed(client, region="yorkshire-humber")
    assert "Leeds records workshop" in yorkshire
    assert "Kent reablement workshop" not in yorkshire and "National webinar" not in yorkshire
    assert "National webinar" in listed(client, region="atlantis")  # an unknown value is ignored


def test_search_finds_events_by_region(client):
    event = open_event(title="Leeds records workshop", region="yorkshire-humber")
    event.save_revision().publish()
    response = run_search(
        SearchRequest(query="records workshop", filters={"region": ["yorkshire-humber"], "type": ["event"]})
    )
    assert [result.url for result in response.results] == [event.url]


def test_calendar_feeds_are_offered_as_webcal_subscriptions_and_copyable_addresses(client):
    open_event(title="Run by the informatics network", network=PUBLIC)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    host = base.split("://", 1)[1]
    theme = Theme.objects.filter(events__isnull=False).first()
    pages = {
        EventIndexPage.objects.get().url: "/events/calendar.ics",
        reverse("community:category", args=[PUBLIC]): f"/events/calendar/network/{PUBLIC}.ics",
        f"/themes/{theme.slug}/": f"/events/calendar/theme/{theme.slug}.ics",
    }
    for url, feed in pages.items():
        page = client.get(url).text
        assert f'href="webcal://{host}{feed}"' in page, url
        assert f"{base}{feed}</span>" in page, url
        assert client.get(feed).status_code == 200


def test_the_events_list_filters_by_date_and_explains_dates_that_are_not_real(client):
    soon = timezone.localtime() + datetime.timedelta(days=10)  # the filter reads days in UK time
    later = timezone.localtime() + datetime.timedelta(days=200)
    open_event(title="Soon webinar", start=soon)
    open_event(title="Later webinar", start=later)
    day = f"{soon:%Y-%m-%d}"
    between = listed(client, **{"from": day, "to": day})
    assert "Soon webinar" in between and "Later webinar" not in between
    assert f"Date: from {soon:%-d %B %Y}" in between
    typed = listed(client, **{"from": f"{later:%d/%m/%Y}"})  # typed by hand, without a date picker
    assert "Later webinar" in typed and "Soon webinar" not in typed
    for params, message in [
        ({"from": "31/02/2027"}, "Enter the ‘from’ date as a real date"),
        ({"to": "<script>"}, "Enter the ‘to’ date as a real date"),
        (
            {"from": f"{later:%Y-%m-%d}", "to": day},
            "The ‘to’ date must be the same as or after the ‘from’ date",
        ),
    ]:
        response = client.get(EventIndexPage.objects.get().url, params)
        assert response.status_code == 200
        page = response.text
        assert message in page.split('class="nhsuk-error-summary"', 1)[1]
        assert "Soon webinar" in page or "Later webinar" in page  # the bad date is left out, not the page
    kept = listed(client, **{"from": "31/02/2027"})
    assert 'name="from" type="date" value="31/02/2027"' in kept  # what was typed stays


def test_removing_a_date_filter_clears_it_however_it_was_typed(client):
    open_event(title="Soon webinar")
    page = listed(client, **{"from": ["garbage", " 2027-01-01 "], "type": "webinar"})
    remove = re.search(r'href="([^"]*)"[^>]*>Date: from', page)
    assert remove and "from=" not in remove.group(1) and "type=webinar" in remove.group(1)


def test_no_upcoming_events_in_the_dates_points_to_past_events(client):
    page = listed(client, **{"to": "2020-01-01"})
    assert "No events match these filters" in page
    assert 'href="?when=past&amp;to=2020-01-01"' in page
