"""Calendar feeds (parsed with icalendar), schema.org JSON-LD, the Q&A thread and "Catch up"."""

import datetime
import json
import re

import icalendar
import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from cms.models import DescribedDocument, EventIndexPage, Theme
from cms.roles import make_programme_editor
from icase.community.models import Category, Thread
from icase.events import services
from icase.events.models import EventQuestions
from tests.icase.community.helpers import make_member

from .helpers import open_event, queries

pytestmark = pytest.mark.django_db


def entries(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_public_feeds_list_upcoming_public_events_only(client):
    theme = Theme.objects.first()
    themed = open_event(title="Themed webinar")
    themed.themes.set([theme])
    themed.save_revision().publish()
    open_event(title="Other webinar")
    open_event(title="Past webinar", start=timezone.now() - datetime.timedelta(days=2))
    private = Category.objects.filter(kind=Category.NETWORK, is_private=True).first()
    open_event(title="Private network meeting", audience_network=private.slug)

    calendar, found = entries(client.get(reverse("events:calendar_all")))
    assert {"Themed webinar", "Other webinar"} <= set(found)
    assert "Past webinar" not in found and "Private network meeting" not in found
    assert "meet.example.org" not in calendar.to_ical().decode()  # joining links are for attendees
    assert str(found["Themed webinar"]["dtstart"].params["TZID"]) == "Europe/London"

    _, themed_only = entries(client.get(reverse("events:calendar_theme", args=[theme.slug])))
    assert "Themed webinar" in themed_only and "Other webinar" not in themed_only
    assert client.get(reverse("events:calendar_theme", args=["no-such-theme"])).status_code == 404


def test_the_personal_feed_is_secret_and_can_be_reset(client):
    member = make_member("ada")
    event = open_event(title="My webinar")
    services.register(member, event)
    open_event(title="Not mine")
    client.force_login(member)
    yours = client.get(reverse("events:yours")).text
    address = re.search(r"webcal://[^\"<]+/events/calendar/mine/[^\"<]+\.ics", yours).group(0)
    path = address.split("testserver", 1)[-1] if "testserver" in address else "/" + address.split("/", 3)[3]
    client.logout()
    _, found = entries(client.get(path))
    assert set(found) == {"My webinar"}
    assert "https://meet.example.org/icase-webinar" in str(found["My webinar"]["location"])

    client.force_login(member)
    client.post(reverse("events:reset_calendar"))
    assert client.get(path).status_code == 404


def test_event_pages_describe_themselves_as_schema_org_events(client):
    event = open_event(online=True, venue="Civic Centre", venue_address="1 High Street\nLeeds")
    text = client.get(event.url).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == event.title
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Civic Centre", "address": "1 High Street, Leeds"}
    assert datetime.datetime.fromisoformat(data["startDate"]) == event.start


def test_publishing_an_event_starts_its_questions_thread_once(client):
    editor = make_member("organiser")
    make_programme_editor(editor)
    event = open_event(audience_network="informatics-network")
    event.save_revision(user=editor).publish(user=editor)
    event.save_revision(user=editor).publish(user=editor)
    (link,) = EventQuestions.objects.filter(event=event)
    thread = Thread.objects.get(pk=link.thread_id)
    assert thread.category.slug == "informatics-network" and thread.page_id == event.pk
    assert f"Questions about {event.title}" in client.get(event.url).text


def test_past_events_show_their_pack_and_are_listed_under_catch_up(client):
    past = open_event(
        title="Recorded webinar",
        start=timezone.now() - datetime.timedelta(days=3),
        recording_url="https://video.example.org/recording",
        key_points="Start with one ward\nShare the data weekly",
    )
    open_event(title="Past without pack", start=timezone.now() - datetime.timedelta(days=4))
    notes = DescribedDocument.objects.create(
        title="Workshop notes", description="The notes", file=SimpleUploadedFile("notes.pdf", b"%PDF-1.4")
    )
    open_event(
        title="Past with documents only",
        start=timezone.now() - datetime.timedelta(days=5),
        documents=[("document", notes)],
    )
    page = client.get(past.url).text
    assert "Watch the recording" in page and "<li>Share the data weekly</li>" in page
    index = client.get(EventIndexPage.objects.get().url).text
    catch_up = index.split("<h2>Catch up</h2>", 1)[1]
    assert "Recorded webinar" in catch_up and "Past without pack" not in catch_up
    assert "Past with documents only" in catch_up  # a pack is any of recording, slides, summary, documents


def test_the_events_list_takes_the_same_queries_with_one_event_to_catch_up_or_many(client):
    def recorded(number):
        open_event(
            title=f"Recorded {number}",
            start=timezone.now() - datetime.timedelta(days=3 + number),
            recording_url="https://video.example.org/r",
            themes=list(Theme.objects.all()[number : number + 2]),
        )

    url = EventIndexPage.objects.get().url
    recorded(0)
    with_one = queries(client, url)
    for number in range(1, 5):
        recorded(number)
    client.get(url)  # new pages renewed the cached navigation
    assert queries(client, url) == with_one
