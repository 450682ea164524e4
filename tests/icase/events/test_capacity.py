"""Cutting the places below the members who have one (issue 16): the organiser chooses whom to
move to the waiting list, the latest to book ticked to start with; they are told by email and on
the site, keep their turn and what they typed; nothing else is lost and nothing fails."""

import datetime

import pytest

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cms.models import LearningEventPage
from cms.roles import make_programme_editor
from icase.community.models import Notification
from icase.events import services
from icase.events.models import Registration
from tests.icase.community.helpers import make_member

from .helpers import open_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked():
    """An event with four places, all taken, booked an hour apart (the fourth is the latest)."""
    event = open_event(capacity=4)
    members = []
    for number in range(4):
        member = make_member(f"booked-{number}")
        registration = services.register(member, event, access_needs=f"Needs {number}")
        Registration.objects.filter(pk=registration.pk).update(
            queued_at=timezone.now() - datetime.timedelta(hours=10 - number)
        )
        members.append(member)
    return event, members


@pytest.fixture
def organiser(client):
    user = make_member("capacity-organiser")
    make_programme_editor(user)
    client.force_login(user)
    return user


def status(member, event):
    return Registration.objects.get(event=event, user=member).status


def test_fewer_places_asks_whom_to_move_with_the_latest_ticked(client, booked, organiser):
    event, members = booked
    response = client.post(
        reverse("events:attendees", args=[event.pk]), {"action": "capacity", "capacity": "2"}
    )
    places = reverse("events:capacity", args=[event.pk])
    assert response.status_code == 302 and response["Location"] == f"{places}?capacity=2"
    page = client.get(response["Location"]).text
    assert "4 members have a place" in page and "Choose 2 to move to the waiting list" in page
    latest = [Registration.objects.get(event=event, user=m).pk for m in members[2:]]
    earliest = [Registration.objects.get(event=event, user=m).pk for m in members[:2]]
    for pk in latest:
        assert f'value="{pk}" checked' in page
    for pk in earliest:
        assert f'value="{pk}">' in page
    assert LearningEventPage.objects.get(pk=event.pk).capacity == 4  # nothing changes until chosen


def test_moving_the_chosen_members_tells_them_and_keeps_their_details(
    client, booked, organiser, django_capture_on_commit_callbacks
):
    event, members = booked
    chosen = [Registration.objects.get(event=event, user=m).pk for m in (members[0], members[3])]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:capacity", args=[event.pk]), {"capacity": "2", "move": chosen})
    assert response.status_code == 302
    assert [status(m, event) for m in members] == ["waitlisted", "registered", "registered", "waitlisted"]
    moved = Registration.objects.get(event=event, user=members[0])
    assert moved.access_needs == "Needs 0" and moved.offer_expires_at is None
    event = LearningEventPage.objects.get(pk=event.pk)
    assert event.capacity == 2 and event.get_latest_revision_as_object().capacity == 2
    assert not event.has_unpublished_changes
    subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert subjects == [
        ("booked-0@example.org", f"ICASE: You're now on the waiting list: {event.title}"),
        ("booked-3@example.org", f"ICASE: You're now on the waiting list: {event.title}"),
    ]
    notices = Notification.objects.filter(kind=Notification.EVENT)
    assert sorted(n.user.username for n in notices) == ["booked-0", "booked-3"]
    assert all("on its waiting list" in n.message and n.url == reverse("events:yours") for n in notices)
    followed = client.get(response["Location"]).text
    assert "The event now has 2 places. 2 moved to the waiting list" in followed

    # The moved keep their turn: the first to have booked is offered the next free place.
    services.cancel(members[1], event)
    assert status(members[0], event) == "offered" and status(members[3], event) == "waitlisted"


@pytest.mark.parametrize("chosen_count", [0, 1, 3])
def test_choosing_the_wrong_number_says_so_and_keeps_the_choice(client, booked, organiser, chosen_count):
    event, members = booked
    chosen = [Registration.objects.get(event=event, user=m).pk for m in members[:chosen_count]]
    response = client.post(reverse("events:capacity", args=[event.pk]), {"capacity": "2", "move": chosen})
    assert response.status_code == 400
    assert f"Choose 2 members to move to the waiting list (you chose {chosen_count})." in response.text
    for pk in chosen:
        assert f'value="{pk}" checked' in response.text
    assert [status(m, event) for m in members] == ["registered"] * 4
    assert LearningEventPage.objects.get(pk=event.pk).capacity == 4


@pytest.mark.parametrize("typed", ["abc", "-1", "2.5", "99999999999999999999"])
def test_bad_numbers_are_refused_with_what_was_typed(client, booked, organiser, typed):
    event, _ = booked
    response = client.post(
        reverse("events:attendees", args=[event.pk]), {"action": "capacity", "capacity": typed}
    )
    assert response.status_code == 400 and "There is a problem" in response.text
    assert f'value="{typed}"' in response.text
    bad = client.get(reverse("events:capacity", args=[event.pk]), {"capacity": typed})
    assert bad.status_code == 302 and LearningEventPage.objects.get(pk=event.pk).capacity == 4


def test_more_or_unlimited_places_need_no_choice_and_offer_them(client, booked, organiser):
    event, _ = booked
    waiting = services.register(make_member("waiting"), event)
    assert waiting.status == Registration.WAITLISTED
    response = client.post(
        reverse("events:attendees", args=[event.pk]), {"action": "capacity", "capacity": "5"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "events:attendees", args=[event.pk]
    )
    assert Registration.objects.get(pk=waiting.pk).status == Registration.OFFERED
    client.post(reverse("events:attendees", args=[event.pk]), {"action": "capacity", "capacity": ""})
    assert LearningEventPage.objects.get(pk=event.pk).capacity is None


def test_a_draft_being_edited_stays_a_draft_with_the_new_capacity(client, booked, organiser):
    event, members = booked
    draft = LearningEventPage.objects.get(pk=event.pk)
    draft.title = "Renamed in a draft"
    draft.save_revision()
    chosen = [Registration.objects.get(event=event, user=members[3]).pk]
    client.post(reverse("events:capacity", args=[event.pk]), {"capacity": "3", "move": chosen})
    event = LearningEventPage.objects.get(pk=event.pk)
    assert event.capacity == 3 and event.title != "Renamed in a draft" and event.has_unpublished_changes
    latest = event.get_latest_revision_as_object()
    assert latest.capacity == 3 and latest.title == "Renamed in a draft"


def test_only_organisers_change_the_places(client, booked):
    event, members = booked
    client.force_login(members[0])
    places = reverse("events:capacity", args=[event.pk])
    assert client.get(places, {"capacity": "1"}).status_code == 403
    assert client.post(places, {"capacity": "1", "move": []}).status_code == 403
    assert LearningEventPage.objects.get(pk=event.pk).capacity == 4
