"""Booking, the waiting list and offers: every change to a place goes through here.

Each change takes a lock on the event's row (select_for_update; on SQLite the IMMEDIATE transaction
mode in settings serialises writers instead) before counting places, so two members asking for the
last place at once get one place and one waiting-list entry, never two places. The unique
constraint on (event, member) stops a double booking by the same member.

Views show `RegistrationRefused.message` and keep what the member typed. Emails are queued after the
transaction commits; a mail failure never undoes a booking (tasks.py logs it).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.template.defaultfilters import date as format_date
from django.utils import timezone

from cms.models import LearningEventPage
from icase.community.models import Category
from icase.community.visibility import can_register_for_event

from . import notices, tasks
from .models import EventSettings, Registration

OFFER_HOLD = timedelta(hours=48)


class RegistrationRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def event_network(event):
    """The network an event belongs to: the one it is only for, else the one that runs it (None:
    neither). Its managers organise the event. An unknown name matches no network."""
    if not event.network_slug:
        return None
    return Category.objects.filter(kind=Category.NETWORK, slug=event.network_slug).first()


def _when(moment):
    return format_date(timezone.localtime(moment), "j F Y, g:i A")


def closed_reason(event, now=None):
    """Why nobody can book `event` now, or None when registration is open."""
    now = now or timezone.now()
    if not event.is_scheduled:
        return "This event has no confirmed date yet, so registration is not open."
    if event.start <= now:
        return "This event has started or is over, so registration has closed."
    if not event.registration_open:
        return "Registration for this event is not open."
    if event.registration_opens_at and now < event.registration_opens_at:
        return f"Registration opens on {_when(event.registration_opens_at)}."
    if event.registration_closes_at and now >= event.registration_closes_at:
        return f"Registration closed on {_when(event.registration_closes_at)}."
    return None


def places_left(event, now=None):
    """Free places (None: unlimited). Open offers hold their place until they expire."""
    if event.capacity is None:
        return None
    taken = Registration.objects.filter(event=event).holding_places(now).count()
    return max(0, event.capacity - taken)


def offer_hold(event, now):
    """48 hours to accept, or half the time left before the start when that is shorter."""
    return min(OFFER_HOLD, (event.start - now) / 2)


def _locked(event):
    """The event re-read under a row lock: its capacity as it is now, not as the request saw it."""
    return LearningEventPage.objects.select_for_update(of=("self",)).get(pk=event.pk)


@transaction.atomic
def register(user, event, access_needs="", dietary_requirements="", questions=""):
    """Book a place, or join the waiting list when the event is full. Returns the Registration."""
    now = timezone.now()
    event = _locked(event)
    reason = closed_reason(event, now)
    if reason:
        raise RegistrationRefused(reason)
    network = event_network(event)
    if event.audience_network and not can_register_for_event(user, network):
        name = network.name if network else "its network"
        raise RegistrationRefused(f"This event is for members of {name}. Join the network to register.")
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.status != Registration.CANCELLED:
        raise RegistrationRefused(
            "You are already on the waiting list for this event."
            if registration.status == Registration.WAITLISTED
            else "You are already registered for this event."
        )
    waiting = Registration.objects.filter(event=event).waiting().exists()
    left = places_left(event, now)
    full = waiting or (left is not None and left <= 0)
    registration = registration or Registration(event=event, user=user)
    registration.status = Registration.WAITLISTED if full else Registration.REGISTERED
    registration.access_needs = access_needs.strip()
    registration.dietary_requirements = dietary_requirements.strip()
    registration.questions = questions.strip()
    registration.queued_at, registration.offer_expires_at, registration.cancelled_at = now, None, None
    registration.save()
    email = "waitlisted" if full else "registered"
    transaction.on_commit(lambda: tasks.queue(tasks.send_registration_email, registration.pk, email))
    return registration


@transaction.atomic
def cancel(user, event):
    """Give up a place, an offer or a waiting-list entry; a freed place goes to the next in line."""
    now = timezone.now()
    event = _locked(event)
    registration = Registration.objects.filter(event=event, user=user).active().first()
    if registration is None:
        raise RegistrationRefused("You are not registered for this event.")
    if event.start <= now:
        raise RegistrationRefused("This event has started, so your registration can no longer be cancelled.")
    freed = registration.status in (Registration.REGISTERED, Registration.OFFERED)
    if registration.status == Registration.OFFERED:
        notices.offers_settled(event, [user.pk])
    registration.status, registration.cancelled_at, registration.offer_expires_at = (
        Registration.CANCELLED,
        now,
        None,
    )
    registration.save(update_fields=["status", "cancelled_at", "offer_expires_at"])
    if freed:
        offer_free_places(event, now)
    return registration


@transaction.atomic
def accept_offer(user, event):
    now = timezone.now()
    event = _locked(event)
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is None or registration.status != Registration.OFFERED:
        raise RegistrationRefused("You have no offer of a place at this event.")
    if registration.offer_expires_at <= now or event.start <= now:
        raise RegistrationRefused("Your offer of a place has expired.")
    registration.status, registration.offer_expires_at = Registration.REGISTERED, None
    registration.save(update_fields=["status", "offer_expires_at"])
    notices.offers_settled(event, [user.pk])
    transaction.on_commit(lambda: tasks.queue(tasks.send_registration_email, registration.pk, "registered"))
    return registration


def offer_free_places(event, now=None):
    """Offer each free place to the next member on the waiting list (call inside the lock)."""
    now = now or timezone.now()
    if event.start <= now:
        return []
    left = places_left(event, now)
    waiting = Registration.objects.filter(event=event).waiting()
    offers = list(waiting if left is None else waiting[:left])
    expires = now + offer_hold(event, now)
    for registration in offers:
        registration.status, registration.offer_expires_at = Registration.OFFERED, expires
        registration.save(update_fields=["status", "offer_expires_at"])
        notices.place_offered(registration)
        transaction.on_commit(
            lambda pk=registration.pk: tasks.queue(tasks.send_registration_email, pk, "offered")
        )
    return offers


@transaction.atomic
def refresh_places(event):
    """After an organiser changes the event (capacity raised): offer what is now free."""
    return offer_free_places(_locked(event))


def expire_offers(now=None):
    """Offers not taken in time lapse; their places pass to the next in line. Returns how many."""
    now = now or timezone.now()
    expired = 0
    event_ids = (
        Registration.objects.filter(status=Registration.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in list(event_ids):
        with transaction.atomic():
            event = LearningEventPage.objects.select_for_update(of=("self",)).get(pk=event_id)
            lapsed = Registration.objects.filter(
                event=event, status=Registration.OFFERED, offer_expires_at__lte=now
            )
            notices.offers_settled(event, list(lapsed.values_list("user_id", flat=True)))
            expired += lapsed.update(status=Registration.CANCELLED, cancelled_at=now)
            offer_free_places(event, now)
    return expired


@transaction.atomic
def confirm_attendance(user, event):
    """A member with a place says they came, once the event has started."""
    registration = Registration.objects.filter(event=event, user=user).booked().first()
    if registration is None:
        raise RegistrationRefused("You did not have a place at this event.")
    if not event.is_scheduled or event.start > timezone.now():
        raise RegistrationRefused("You can confirm you attended once the event has started.")
    registration.status = Registration.ATTENDED
    registration.save(update_fields=["status"])
    return registration


def attended_events(member, viewer):
    """The events `member` attended, for their member page: none unless they chose to list them,
    and only those `viewer` may see (a private network's events stay within it)."""
    if not EventSettings.objects.filter(user=member, list_attended=True).exists():
        return None
    return (
        LearningEventPage.objects.visible_to(viewer)
        .filter(registrations__user=member, registrations__status=Registration.ATTENDED)
        .order_by(F("start").desc(nulls_last=True))
    )


def network_events(slug, viewer, now=None):
    """A network's events that `viewer` may see: {"upcoming": soonest first, "past": latest first}."""
    now = now or timezone.now()
    events = LearningEventPage.objects.visible_to(viewer).of_network(slug)
    return {
        "upcoming": events.filter(end__gte=now).order_by("start"),
        "past": events.filter(Q(end__lt=now) | Q(end__isnull=True)).order_by(
            F("start").desc(nulls_last=True)
        ),
    }


def registration_for(user, event):
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user=user).first()
