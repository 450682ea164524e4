"""Registering from the event page, "Your events", and every refusal as a message, never a 500."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from icase.events import services
from icase.events.models import Registration
from tests.icase.community.helpers import make_member

from .helpers import open_event

pytestmark = pytest.mark.django_db


def signed_in(client, username):
    member = make_member(username)
    client.force_login(member)
    return member


def test_anonymous_visitors_are_asked_to_sign_in_and_the_page_may_be_cached(client):
    event = open_event()
    response = client.get(event.url)
    assert response.status_code == 200
    assert "Register for this event" in response.text
    assert "to register." in response.text
    assert "private" not in response.get("Cache-Control", "")
    assert "https://meet.example.org" not in response.text


def test_a_member_registers_in_one_click_and_sees_it_on_the_page_and_in_your_events(client):
    member = signed_in(client, "ada")
    event = open_event(capacity=10)
    page = client.get(event.url)
    assert "10 places left." in page.text
    assert "private" in page["Cache-Control"]  # a page with their booking and a CSRF token

    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert response.redirect_chain[-1][0] == event.url
    assert "You're registered" in response.text
    assert "Cancel my place" in response.text
    assert "The joining link will appear here from" in response.text
    assert "https://meet.example.org" not in response.text  # not until an hour before
    assert Registration.objects.get(user=member, event=event).status == Registration.REGISTERED

    yours = client.get(reverse("events:yours"))
    assert event.title in yours.text and "Registered" in yours.text


def test_the_joining_link_shows_to_attendees_only_from_the_set_time(client):
    event = open_event(start=timezone.now() + datetime.timedelta(minutes=30))
    services.register(make_member("attendee"), event)
    signed_in(client, "bystander")
    assert "https://meet.example.org" not in client.get(event.url).text
    client.force_login(Registration.objects.get(event=event).user)
    page = client.get(event.url)
    assert 'href="https://meet.example.org/icase-webinar"' in page.text
    assert "Passcode 1234." in page.text
    assert "https://meet.example.org/icase-webinar" in client.get(reverse("events:yours")).text


def test_cancelling_is_one_click(client):
    member = signed_in(client, "ada")
    event = open_event()
    services.register(member, event)
    response = client.post(reverse("events:cancel", args=[event.pk]), follow=True)
    assert "Your registration is cancelled." in response.text
    assert "Register for this event" in response.text
    assert Registration.objects.get(user=member).status == Registration.CANCELLED


def test_a_full_event_offers_the_waiting_list_and_the_offer_can_be_taken(client):
    event = open_event(capacity=1)
    first = make_member("first")
    services.register(first, event)
    member = signed_in(client, "second")
    page = client.get(event.url)
    assert "This event is full." in page.text and "Join the waiting list" in page.text
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert "This event is full, so you&#x27;re on the waiting list." in response.text
    services.cancel(first, event)
    page = client.get(reverse("events:yours"))
    assert "Place offered" in page.text
    client.post(reverse("events:accept", args=[event.pk]), {"next": "yours"})
    assert Registration.objects.get(user=member).status == Registration.REGISTERED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_open": False}, "Registration for this event is not open."),
        ({"start": timezone.now() - datetime.timedelta(hours=3)}, "has started or is over"),
        ({"audience_network": "informatics-network"}, "This event is for members of"),
    ],
)
def test_refusals_are_messages_that_keep_what_was_typed(client, fields, message):
    signed_in(client, "ada")
    event = open_event(**fields)
    response = client.post(
        reverse("events:register", args=[event.pk]),
        {"access_needs": "A hearing loop, please", "questions": "Will slides be shared?"},
    )
    assert response.status_code == 400
    assert "There is a problem" in response.text and message in response.text
    assert "A hearing loop, please" in response.text and "Will slides be shared?" in response.text


def test_registering_twice_says_so(client):
    member = signed_in(client, "ada")
    event = open_event()
    services.register(member, event)
    response = client.post(reverse("events:register", args=[event.pk]))
    assert response.status_code == 400 and "You are already registered" in response.text


def test_unknown_draft_and_anonymous_requests_never_fail(client):
    event = open_event()
    assert client.post(reverse("events:register", args=[event.pk])).status_code == 302  # sign in
    signed_in(client, "ada")
    assert client.post(reverse("events:register", args=[987654])).status_code == 404
    event.unpublish()
    assert client.post(reverse("events:register", args=[event.pk])).status_code == 404
    assert client.get(reverse("events:cancel", args=[event.pk])).status_code in (404, 405)


def test_your_events_takes_the_same_queries_for_one_or_many(client, django_assert_num_queries):
    member = signed_in(client, "ada")
    services.register(member, open_event(title="Webinar 0"))
    client.get(reverse("events:yours"))  # the session and site caches warm up
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("events:yours"))
    with_one = len(one)  # read now: Django's bounded query log moves on as more queries run
    for number in range(1, 6):
        services.register(member, open_event(title=f"Webinar {number}"))
    # Every other state a card can show: offered, waiting, attended, and past awaiting confirmation.
    full = open_event(title="Full webinar", capacity=0)
    services.register(member, full)
    offered = open_event(title="Offered webinar", capacity=0)
    services.register(member, offered)
    Registration.objects.filter(event=offered, user=member).update(
        status=Registration.OFFERED, offer_expires_at=timezone.now() + datetime.timedelta(hours=5)
    )
    for title, state in [("Attended", Registration.ATTENDED), ("Came?", Registration.REGISTERED)]:
        past = open_event(title=title, start=timezone.now() - datetime.timedelta(days=3))
        Registration.objects.create(event=past, user=member, status=state)
    client.get(reverse("events:yours"))  # new pages renewed the cached navigation; warm it again
    with django_assert_num_queries(with_one):
        response = client.get(reverse("events:yours"))
    assert response.text.count("Cancel my place") == 6
    assert "We are holding it until" in response.text and "Leave the waiting list" in response.text
    assert response.text.count("I attended<span") == 1
    assert with_one <= 25  # most are the site header's navigation, the same on every page
