"""Organisers' pages: only programme editors and the managers of the event's network, per role."""

import csv
import datetime
import io

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.roles import make_programme_editor
from icase.community.models import Category
from icase.events import services
from icase.events.models import Registration
from tests.icase.community.helpers import make_member

from .helpers import open_event

pytestmark = pytest.mark.django_db
NETWORK = "informatics-network"


@pytest.fixture
def event():
    event = open_event(capacity=2, audience_network="")
    attendee = make_member("attendee", organisation="Leeds City Council", role="Commissioner")
    services.register(attendee, event, access_needs='=HYPERLINK("http://evil")')
    return event


def visitor(client, role, event):
    if role == "anonymous":
        return
    user = make_member(f"role-{role}")
    if role == "attendee":
        user = Registration.objects.get(event=event).user
    elif role == "network manager":
        network = Category.objects.get(slug=NETWORK)
        network.managers.add(user)
        event.audience_network = NETWORK
        event.save()
    elif role == "manager of another network":
        Category.objects.filter(kind=Category.NETWORK).exclude(slug=NETWORK).first().managers.add(user)
        event.audience_network = NETWORK
        event.save()
    elif role == "programme editor":
        make_programme_editor(user)
    client.force_login(user)


ROLES = {  # role: the status code of every organiser page
    "anonymous": 302,
    "member": 403,
    "attendee": 403,
    "manager of another network": 403,
    "network manager": 200,
    "programme editor": 200,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["events:attendees", "events:attendees_csv", "events:message"])
def test_only_organisers_reach_the_organiser_pages(client, event, role, name):
    visitor(client, role, event)
    response = client.get(reverse(name, args=[event.pk]))
    assert response.status_code == ROLES[role]
    if response.status_code != 200:
        assert "Leeds City Council" not in response.content.decode()
        removal = client.post(
            reverse("events:attendees", args=[event.pk]),
            {"action": "remove", "registration": Registration.objects.get(event=event).pk},
        )
        assert removal.status_code == ROLES[role]
        assert Registration.objects.get(event=event).status == Registration.REGISTERED


def test_the_csv_lists_name_organisation_role_and_access_needs_safely(client, event):
    visitor(client, "programme editor", event)
    response = client.get(reverse("events:attendees_csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["Name", "Email", "Organisation", "Role", "Status", "Access needs"]
    assert rows[1][:6] == [
        "Attendee",
        "attendee@example.org",
        "Leeds City Council",
        "Commissioner",
        "Registered",
        '\'=HYPERLINK("http://evil")',  # a spreadsheet shows it as text, never runs it
    ]


def test_organisers_add_remove_and_message_attendees(client, event, django_capture_on_commit_callbacks):
    visitor(client, "programme editor", event)
    waiting = make_member("waiting")
    services.register(make_member("second"), event)
    services.register(waiting, event)
    url = reverse("events:attendees", args=[event.pk])

    make_member("late-comer")
    full = client.post(url, {"action": "add", "email": "late-comer@example.org"})
    assert full.status_code == 400 and "The event is full. Raise the capacity first." in full.text
    assert 'value="late-comer@example.org"' in full.text
    unknown = client.post(url, {"action": "add", "email": "nobody@example.org"})
    assert "No ICASE member has that email address." in unknown.text

    first = Registration.objects.get(event=event, user__username="attendee")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "remove", "registration": first.pk})
    first.refresh_from_db()
    assert first.status == Registration.CANCELLED
    assert Registration.objects.get(user=waiting).status == Registration.OFFERED

    mail.outbox.clear()
    response = client.post(
        reverse("events:message", args=[event.pk]), {"subject": "Room change", "body": "We are in room 2."}
    )
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["second@example.org"]]  # not the waiting list
    assert "We are in room 2." in mail.outbox[0].body

    empty = client.post(reverse("events:message", args=[event.pk]), {"subject": "Hello", "body": ""})
    assert empty.status_code == 400 and 'value="Hello"' in empty.text


def test_attendance_is_marked_once_the_event_has_started(client, event):
    visitor(client, "programme editor", event)
    registration = Registration.objects.get(event=event)
    url = reverse("events:attendees", args=[event.pk])
    early = client.post(url, {"action": "attendance", "attended": [registration.pk]}, follow=True)
    assert "You can mark attendance once the event has started." in early.text
    event.start = timezone.now() - datetime.timedelta(hours=2)
    event.end = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    client.post(url, {"action": "attendance", "attended": [registration.pk]})
    registration.refresh_from_db()
    assert registration.status == Registration.ATTENDED
    client.force_login(registration.user)
    yours = client.get(reverse("events:yours"))
    assert "Attended" in yours.text
