"""Booking, the waiting list and offers, through the services the views call."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from icase.community.models import Category, NetworkMembership
from icase.events import services
from icase.events.models import Registration
from tests.icase.community.helpers import make_member

from .helpers import open_event

pytestmark = pytest.mark.django_db


def status(registration):
    registration.refresh_from_db()
    return registration.status


def test_a_member_registers_once_and_can_cancel():
    member = make_member("ada")
    event = open_event()
    registration = services.register(member, event, access_needs="Step-free access")
    assert registration.status == Registration.REGISTERED
    assert registration.access_needs == "Step-free access"
    with pytest.raises(services.RegistrationRefused, match="already registered"):
        services.register(member, event)
    services.cancel(member, event)
    assert status(registration) == Registration.CANCELLED
    again = services.register(member, event)
    assert again.pk == registration.pk and again.status == Registration.REGISTERED


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"registration_open": False}, "Registration for this event is not open."),
        ({"start": timezone.now() - datetime.timedelta(hours=3)}, "started or is over"),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "Registration opens on"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1)}, "closed on"),
    ],
)
def test_closed_and_past_events_refuse_with_a_reason(fields, message):
    event = open_event(**fields)
    with pytest.raises(services.RegistrationRefused, match=message):
        services.register(make_member("bea"), event)
    assert not Registration.objects.filter(event=event).exists()


def test_a_network_event_takes_only_the_networks_members():
    network = Category.objects.get(slug="informatics-network")
    event = open_event(audience_network=network.slug)
    outsider, insider = make_member("outsider"), make_member("insider")
    NetworkMembership.objects.create(category=network, user=insider, status=NetworkMembership.APPROVED)
    with pytest.raises(services.RegistrationRefused, match=f"for members of {network.name}"):
        services.register(outsider, event)
    assert services.register(insider, event).status == Registration.REGISTERED


def test_when_full_the_next_member_waits_and_is_offered_a_freed_place():
    first, second, third = make_member("first"), make_member("second"), make_member("third")
    event = open_event(capacity=1)
    taken = services.register(first, event)
    waiting = services.register(second, event)
    behind = services.register(third, event)
    assert (taken.status, waiting.status, behind.status) == ("registered", "waitlisted", "waitlisted")
    with pytest.raises(services.RegistrationRefused, match="already on the waiting list"):
        services.register(second, event)

    services.cancel(first, event)
    waiting.refresh_from_db()
    assert waiting.status == Registration.OFFERED
    hold = waiting.offer_expires_at - timezone.now()
    assert datetime.timedelta(hours=47) < hold <= datetime.timedelta(hours=48)
    assert status(behind) == Registration.WAITLISTED
    # The offered place is held: a newcomer joins the waiting list, not the event.
    assert services.register(make_member("newcomer"), event).status == Registration.WAITLISTED

    services.accept_offer(second, event)
    assert status(waiting) == Registration.REGISTERED


def test_an_offer_close_to_the_event_is_held_for_half_the_time_left():
    first, second = make_member("first"), make_member("second")
    event = open_event(capacity=1, start=timezone.now() + datetime.timedelta(hours=10))
    services.register(first, event)
    waiting = services.register(second, event)
    services.cancel(first, event)
    waiting.refresh_from_db()
    hold = waiting.offer_expires_at - timezone.now()
    assert datetime.timedelta(hours=4, minutes=59) < hold <= datetime.timedelta(hours=5)


def test_an_expired_offer_passes_to_the_next_in_line():
    first, second, third = make_member("first"), make_member("second"), make_member("third")
    event = open_event(capacity=1)
    services.register(first, event)
    offered, behind = services.register(second, event), services.register(third, event)
    services.cancel(first, event)
    later = timezone.now() + datetime.timedelta(hours=49)
    assert services.expire_offers(later) == 1
    assert status(offered) == Registration.CANCELLED
    assert status(behind) == Registration.OFFERED
    with pytest.raises(services.RegistrationRefused, match="no offer"):
        services.accept_offer(second, event)


def test_raising_the_capacity_offers_the_new_places():
    event = open_event(capacity=1)
    services.register(make_member("first"), event)
    waiting = [services.register(make_member(f"waiting-{n}"), event) for n in range(3)]
    event.capacity = 3
    event.save_revision().publish()
    assert [status(r) for r in waiting] == ["offered", "offered", "waitlisted"]


def test_the_capacity_cannot_be_cut_below_the_places_booked():
    event = open_event(capacity=3)
    for number in range(2):
        services.register(make_member(f"booked-{number}"), event)
    event.capacity = 1
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    message = str(error.value.message_dict["capacity"])
    assert "2 members have a place" in message and "choose whom to move to the waiting list" in message
    event.capacity = 2
    event.full_clean()


def test_cancelling_after_the_start_is_refused():
    member = make_member("late")
    event = open_event(start=timezone.now() + datetime.timedelta(hours=2))
    services.register(member, event)
    event.start = timezone.now() - datetime.timedelta(minutes=5)
    event.save()
    with pytest.raises(services.RegistrationRefused, match="has started"):
        services.cancel(member, event)
