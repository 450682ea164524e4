"""What organisers do with an event's registrations: add and remove attendees, change the number
of places, mark attendance, message everyone booked, and export the list. Who may organise is
visibility.can_organise_event."""

import csv
import io

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from icase.community.visibility import can_be_notified

from . import notices, tasks
from .models import Registration
from .services import RegistrationRefused, _locked, offer_free_places, places_left

CSV_COLUMNS = ["Name", "Email", "Organisation", "Role", "Status", "Access needs", "Dietary requirements"]


@transaction.atomic
def remove_attendee(event, registration_id):
    event = _locked(event)
    registration = Registration.objects.filter(event=event, pk=registration_id).active().first()
    if registration is None:
        raise RegistrationRefused("That member is not registered for this event.")
    registration.status, registration.cancelled_at = Registration.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    offer_free_places(event)
    return registration


@transaction.atomic
def add_attendee(event, email):
    """Book a place for a member by email, even when registration is closed, but never beyond the
    capacity (raise it first)."""
    event = _locked(event)
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise RegistrationRefused("No ICASE member has that email address.")
    registration = Registration.objects.filter(event=event, user=user).first()
    if registration is not None and registration.holds_place:
        raise RegistrationRefused("That member is already registered.")
    left = places_left(event)
    if left is not None and left <= 0:
        raise RegistrationRefused("The event is full. Raise the capacity first.")
    registration = registration or Registration(event=event, user=user)
    registration.status, registration.offer_expires_at, registration.cancelled_at = (
        Registration.REGISTERED,
        None,
        None,
    )
    registration.save()
    transaction.on_commit(lambda: tasks.queue(tasks.send_registration_email, registration.pk, "registered"))
    return registration


def place_holders(event):
    """Members with a place (booked, or an open offer), the latest to take theirs first: those
    the organiser's page suggests moving when the places are cut."""
    return (
        Registration.objects.filter(event=event)
        .holding_places()
        .select_related("user__profile")
        .order_by("-queued_at", "-pk")
    )


def to_move(event, capacity):
    """How many members must go to the waiting list for `capacity` places (None: unlimited)."""
    if capacity is None:
        return 0
    return max(0, place_holders(event).count() - capacity)


@transaction.atomic
def change_capacity(event, capacity, moved_ids=(), user=None):
    """Set the number of places. Below the places taken, exactly the members chosen move to the
    waiting list (keeping their turn in it), and each is told by email and on the site; above, the
    new places go to the waiting list. Returns the members moved."""
    event = _locked(event)
    need = to_move(event, capacity)
    moved_ids = {int(pk) for pk in moved_ids if str(pk).isdigit()}
    chosen = list(place_holders(event).filter(pk__in=moved_ids))
    if len(chosen) != need:
        raise RegistrationRefused(
            f"Choose {need} member{'s' if need != 1 else ''} to move to the waiting list "
            f"(you chose {len(chosen)})."
            if need
            else "Nobody needs to move: there are enough places."
        )
    for registration in chosen:
        registration.status, registration.offer_expires_at = Registration.WAITLISTED, None
        registration.save(update_fields=["status", "offer_expires_at"])
        notices.moved_to_waiting_list(registration)
        transaction.on_commit(
            lambda pk=registration.pk: tasks.queue(tasks.send_registration_email, pk, "moved")
        )
    _store_capacity(event, capacity, user)
    offer_free_places(event)
    return chosen


def _store_capacity(event, capacity, user):
    """The live page takes the new capacity at once. So that publishing later does not undo it, a
    new revision carries it: published straight away when nothing else is waiting, else added to
    the draft being edited, which stays a draft."""
    draft_waiting = event.has_unpublished_changes and event.latest_revision is not None
    page = event.latest_revision.as_object() if draft_waiting else event
    page.capacity = capacity
    revision = page.save_revision(user=user, log_action=True, clean=False)
    if draft_waiting:
        type(event).objects.filter(pk=event.pk).update(capacity=capacity)
    else:
        revision.publish(user=user)


@transaction.atomic
def mark_attendance(event, attended_ids):
    """Those ticked attended; the other members with a place did not."""
    if event.start > timezone.now():
        raise RegistrationRefused("You can mark attendance once the event has started.")
    booked = Registration.objects.filter(event=event).booked()
    attended_ids = {int(pk) for pk in attended_ids if str(pk).isdigit()}
    booked.filter(pk__in=attended_ids).update(status=Registration.ATTENDED)
    booked.exclude(pk__in=attended_ids).update(status=Registration.REGISTERED)


def message_attendees(event, subject, body):
    """Email everyone with a place. Returns how many were queued."""
    recipients = [
        registration.pk
        for registration in Registration.objects.filter(event=event).booked().select_related("user")
        if registration.user.email and can_be_notified(registration.user)
    ]
    for pk in recipients:
        tasks.queue(tasks.send_organiser_message, pk, subject, body)
    return len(recipients)


def _safe_cell(value):
    """Spreadsheets run a cell that starts with = + - @ as a formula; quote it as text."""
    text = str(value or "")
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def attendee_csv(registrations):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for registration in registrations:
        profile = getattr(registration.user, "profile", None)
        writer.writerow(
            _safe_cell(value)
            for value in (
                getattr(profile, "display_name", ""),
                registration.user.email,
                getattr(profile, "organisation", ""),
                getattr(profile, "role", ""),
                registration.get_status_display(),
                registration.access_needs,
                registration.dietary_requirements,
            )
        )
    return out.getvalue()
