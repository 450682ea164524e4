"""Confirmation, waiting-list, offer and reminder emails, and the calendar file attached."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from django.core import mail
from django.utils import timezone

from icase.events import services
from icase.events.models import Registration
from icase.events.tasks import send_event_reminders
from tests.icase.community.helpers import make_member

from .helpers import open_event

pytestmark = pytest.mark.django_db


def attached_event(message):
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, next(iter(calendar.walk("VEVENT")))


def test_the_confirmation_has_a_calendar_file_in_uk_time_with_the_joining_link(
    django_capture_on_commit_callbacks,
):
    start = datetime.datetime(2027, 7, 1, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # summer time
    event = open_event(start=start, title="Shared records webinar")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(make_member("ada"), event)
    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject == "ICASE: You're registered: Shared records webinar"
    assert "The joining link will be on the event page 60 minutes before the start." in message.body
    calendar, entry = attached_event(message)
    assert entry.decoded("dtstart") == start
    assert str(entry["dtstart"].params["TZID"]) == "Europe/London"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert "https://meet.example.org/icase-webinar" in str(entry["location"])
    assert "Passcode 1234." in str(entry["description"])


def test_an_in_person_confirmation_gives_the_address(django_capture_on_commit_callbacks):
    event = open_event(
        online=False, venue="Civic Centre", venue_address="1 High Street\nLeeds", joining_link=""
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.register(make_member("ada"), event)
    (message,) = mail.outbox
    assert "Address: 1 High Street\nLeeds" in message.body
    _, entry = attached_event(message)
    assert str(entry["location"]) == "Civic Centre, 1 High Street, Leeds"


def test_waiting_and_offer_emails(django_capture_on_commit_callbacks):
    event = open_event(capacity=1)
    first, second = make_member("first"), make_member("second")
    with django_capture_on_commit_callbacks(execute=True):
        services.register(first, event)
        services.register(second, event)
    assert mail.outbox[1].subject.startswith("ICASE: You're on the waiting list")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first, event)
    (offer,) = mail.outbox
    assert offer.to == ["second@example.org"]
    assert "A place is free for you" in offer.subject
    assert "We are holding it for you until" in offer.body
    assert "/events/yours/" in offer.body


def test_reminders_go_a_day_and_an_hour_before_to_attendees_only_once():
    event = open_event(capacity=1, start=timezone.now() + datetime.timedelta(hours=20))
    attendee, waiting = make_member("attendee"), make_member("waiting")
    services.register(attendee, event)
    services.register(waiting, event)
    assert send_event_reminders.call() == 1
    assert send_event_reminders.call() == 0
    (reminder,) = mail.outbox
    assert reminder.to == ["attendee@example.org"] and reminder.subject.startswith("ICASE: Tomorrow:")
    assert "https://meet.example.org" not in reminder.body  # not yet: shown from an hour before

    event.start = timezone.now() + datetime.timedelta(minutes=50)
    event.end = event.start + datetime.timedelta(hours=1)
    event.save()
    assert send_event_reminders.call() == 1
    assert send_event_reminders.call() == 0
    hour = mail.outbox[-1]
    assert hour.subject.startswith("ICASE: Starting in an hour:")
    assert "Join online: https://meet.example.org/icase-webinar" in hour.body
    assert Registration.objects.get(user=attendee).hour_reminder_sent_at is not None


def test_a_suspended_or_inactive_member_is_sent_nothing(django_capture_on_commit_callbacks):
    member = make_member("inactive")
    event = open_event()
    member.is_active = False
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(member, event)
    assert mail.outbox == []
