"""The barriers register's rules: raising, the lifecycle, "affects us too", progress updates and
the public summary. Views check nothing beyond sign-in; every rule about who may do what, and in
which order, is enforced here, so a crafted request meets the same refusals as the form.

The lifecycle: raised -> under review -> escalated (to a named partner) -> being resolved ->
resolved in full / resolved in part / not resolvable. Each change has a reason and the date it
happened (never in the future, never before the current status began). A step may be skipped
only with a separate reason for the skip; a closed barrier stays closed; an open one can be made
dormant (by a programme editor, or by the scheduler after a set time without activity) and
reopened into the status it had.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from icase.community.visibility import can_be_notified
from icase.links import absolute_url
from icase.mail import send_email
from search.indexing import record_change

from . import permissions
from .following import tell_followers
from .models import AffectedPioneer, Barrier, BarrierEvent, ProgressUpdate
from .partners import PARTNER_NAMES
from .refusals import Refused

logger = logging.getLogger(__name__)


def setting(name):
    return settings.EXCHANGE[name]


def _touch(barrier, **changes):
    for name, value in changes.items():
        setattr(barrier, name, value)
    barrier.last_activity_at = timezone.now()
    barrier.save()
    record_change(barrier)


def _log(barrier, kind, actor, reason, **fields):
    return BarrierEvent.objects.create(barrier=barrier, kind=kind, actor=actor, reason=reason, **fields)


# Raising -----------------------------------------------------------------------------------------


@transaction.atomic
def raise_barrier(user, *, pioneer, **fields):
    if pioneer is None or pioneer.pk not in permissions.pioneer_ids(user):
        raise Refused("You can raise barriers only for a pioneer you edit or work in.")
    today = timezone.localdate()
    barrier = Barrier.objects.create(
        raised_by=user,
        pioneer=pioneer,
        status_since=today,
        next_update_due=today + timedelta(days=setting("UPDATE_EVERY_DAYS")),
        **fields,
    )
    _log(barrier, BarrierEvent.RAISED, user, f"Raised for {pioneer.title}", to_status=Barrier.RAISED)
    tell_followers(barrier, user, f"raised by {pioneer.title}")
    return barrier


# The lifecycle -----------------------------------------------------------------------------------


def status_before_dormancy(barrier):
    event = barrier.events.filter(kind=BarrierEvent.STATUS, to_status=Barrier.DORMANT).last()
    return event.from_status if event else Barrier.RAISED


def is_skip(barrier, to_status):
    """True when `to_status` jumps over at least one step of the lifecycle."""
    if barrier.status not in Barrier.STAGES or to_status == Barrier.DORMANT:
        return False
    here = Barrier.STAGES.index(barrier.status)
    there = Barrier.STAGES.index(to_status) if to_status in Barrier.STAGES else len(Barrier.STAGES)
    return there > here + 1


def refusal_for(barrier, to_status, skip_reason="", partner=""):
    """Why moving `barrier` to `to_status` is not allowed, or "" when it is."""
    here = barrier.status
    if to_status not in dict(Barrier.STATUS_CHOICES):
        return "Choose a status from the list."
    if to_status == here:
        return f"The barrier is already “{barrier.get_status_display().lower()}”."
    if here in Barrier.CLOSED:
        return "A closed barrier stays closed: raise a new barrier if it comes back."
    if here == Barrier.DORMANT:
        if to_status != status_before_dormancy(barrier):
            return "A dormant barrier reopens into the status it had before it went dormant."
        return ""
    if to_status == Barrier.DORMANT:
        return ""
    if to_status in Barrier.STAGES and Barrier.STAGES.index(to_status) < Barrier.STAGES.index(here):
        return "A barrier moves forward through its steps, not back."
    if is_skip(barrier, to_status) and not skip_reason.strip():
        return "Explain why this barrier skips a step of the lifecycle."
    passes_escalation = to_status not in (Barrier.RAISED, Barrier.UNDER_REVIEW)
    if passes_escalation and not barrier.escalated_to and not partner:
        return "Choose the national partner the barrier is escalated to."
    return ""


def next_statuses(barrier):
    """The statuses a barrier may move to next (skips included), for the form's choices."""
    return [value for value, _label in Barrier.STATUS_CHOICES if not refusal_for(barrier, value, "-", "-")]


@transaction.atomic
def change_status(
    user, barrier, to_status, reason, *, happened_on=None, skip_reason="", partner="", system=False
):
    """Move the barrier along its lifecycle. `system=True` is the scheduler making it dormant."""
    if not system and not permissions.can_change_status(user, barrier):
        raise Refused("Only programme editors change a barrier's status.")
    if not reason.strip():
        raise Refused("Give the reason for the change.")
    if partner and partner not in PARTNER_NAMES:
        raise Refused("Choose a national partner from the list.")
    happened_on = happened_on or timezone.localdate()
    if happened_on > timezone.localdate():
        raise Refused("The date it happened cannot be in the future.")
    if happened_on < barrier.status_since:
        raise Refused(
            f"The date cannot be before the current status began ({barrier.status_since:%-d %B %Y})."
        )
    refusal = refusal_for(barrier, to_status, skip_reason, partner)
    if refusal:
        raise Refused(refusal)
    from_status = barrier.status
    changes = {"status": to_status, "status_since": happened_on}
    if (
        partner
        and not barrier.escalated_to
        and to_status not in (Barrier.RAISED, Barrier.UNDER_REVIEW, Barrier.DORMANT)
    ):
        changes["escalated_to"] = partner
    _touch(barrier, **changes)
    _log(
        barrier,
        BarrierEvent.STATUS,
        None if system else user,
        reason.strip(),
        from_status=from_status,
        to_status=to_status,
        skip_reason=skip_reason.strip() if is_skip(Barrier(status=from_status), to_status) else "",
        happened_on=happened_on,
    )
    transaction.on_commit(lambda: email_raiser(barrier.pk, "email/exchange/status_changed.txt"))
    tell_followers(
        barrier, None if system else user, f"now {barrier.get_status_display().lower()}", besides_raiser=True
    )
    return barrier


# "This affects us too" and progress updates -----------------------------------------------------


@transaction.atomic
def add_affected(user, barrier, pioneer, note):
    already = barrier.affected.values_list("pioneer_id", flat=True)
    if pioneer is None or pioneer.pk not in permissions.pioneers_to_add(user, barrier, already):
        raise Refused("You can add only a pioneer you edit or work in, and only once.")
    if not note.strip():
        raise Refused("Say how the barrier affects your pioneer.")
    added = AffectedPioneer.objects.create(barrier=barrier, pioneer=pioneer, note=note.strip(), added_by=user)
    _log(barrier, BarrierEvent.AFFECTED, user, f"{pioneer.title}: {note.strip()}")
    _touch(barrier)
    tell_followers(barrier, user, f"{pioneer.title} is affected too")
    return added


@transaction.atomic
def add_progress_update(user, barrier, confidence, narrative):
    if not permissions.can_post_update(user, barrier):
        raise Refused("Progress updates come from the raising pioneer and programme editors.")
    if barrier.status not in Barrier.STAGES:
        raise Refused("Progress updates are for open barriers; reopen a dormant one first.")
    if confidence not in dict(Barrier.CONFIDENCE_CHOICES):
        raise Refused("Choose the delivery confidence.")
    if not narrative.strip():
        raise Refused("Describe the progress since the last update.")
    update = ProgressUpdate.objects.create(
        barrier=barrier, confidence=confidence, narrative=narrative.strip(), author=user
    )
    next_due = timezone.localdate() + timedelta(days=setting("UPDATE_EVERY_DAYS"))
    _touch(barrier, confidence=confidence, next_update_due=next_due)
    _log(barrier, BarrierEvent.UPDATE, user, f"Delivery confidence: {update.get_confidence_display()}")
    tell_followers(barrier, user, f"a progress update ({update.get_confidence_display().lower()})")
    return update


# The public summary -------------------------------------------------------------------------------


@transaction.atomic
def write_public_summary(user, barrier, public_title, public_summary):
    """Writing (or changing) the summary marks it ready to publish; until a programme editor
    approves it, nothing of the barrier is public (an approved one is withdrawn from view)."""
    if not permissions.can_write_summary(user, barrier):
        raise Refused("The public summary is written by the raising pioneer or a programme editor.")
    if not public_title.strip() or not public_summary.strip():
        raise Refused("Give the public title and the public summary.")
    _touch(
        barrier,
        public_title=public_title.strip(),
        public_summary=public_summary.strip(),
        public_summary_state=Barrier.SUMMARY_READY,
    )
    _log(barrier, BarrierEvent.SUMMARY, user, "Public summary ready to publish")
    return barrier


@transaction.atomic
def approve_public_summary(user, barrier):
    if not permissions.is_programme_editor(user):
        raise Refused("Only programme editors publish a public summary.")
    if barrier.public_summary_state != Barrier.SUMMARY_READY:
        raise Refused("Only a summary marked ready to publish can be approved.")
    _touch(barrier, public_summary_state=Barrier.SUMMARY_APPROVED)
    _log(barrier, BarrierEvent.SUMMARY, user, "Public summary approved and published")
    tell_followers(barrier, user, "its public summary is published")
    return barrier


@transaction.atomic
def withdraw_public_summary(user, barrier, reason):
    if not permissions.is_programme_editor(user):
        raise Refused("Only programme editors withdraw a public summary.")
    if barrier.public_summary_state != Barrier.SUMMARY_APPROVED:
        raise Refused("The summary is not published.")
    if not reason.strip():
        raise Refused("Give the reason for withdrawing the summary.")
    _touch(barrier, public_summary_state=Barrier.SUMMARY_READY)
    _log(barrier, BarrierEvent.SUMMARY, user, f"Public summary withdrawn: {reason.strip()}")
    return barrier


# The scheduler's jobs -----------------------------------------------------------------------------


def email_raiser(barrier_id, template, subject=None):
    """Tell the member who raised the barrier (re-checked at send time); a mail failure is logged,
    never raised, so it cannot undo the change that caused it."""
    barrier = Barrier.objects.select_related("raised_by").filter(pk=barrier_id).first()
    if barrier is None or barrier.raised_by is None or not can_be_notified(barrier.raised_by):
        return False
    try:
        send_email(
            barrier.raised_by.email,
            subject or f"ICASE barrier: {barrier.title} is now {barrier.get_status_display().lower()}",
            template,
            {"barrier": barrier, "url": absolute_url(barrier.get_absolute_url())},
            reason="you raised this barrier on the ICASE barriers register",
            settings_path=reverse("exchange:barriers"),
            settings_label="The barriers register",
        )
    except Exception:
        logger.exception("Barrier email for %s not sent", barrier_id)
        return False
    return True


def send_update_reminders(today=None):
    """Remind each open barrier's raiser once when its progress update falls due."""
    today = today or timezone.localdate()
    due = Barrier.objects.open().filter(next_update_due__lte=today).select_related("raised_by")
    sent = 0
    for barrier in due:
        if barrier.reminded_for == barrier.next_update_due:
            continue
        if email_raiser(
            barrier.pk, "email/exchange/update_due.txt", f"ICASE: progress update due on {barrier.title}"
        ):
            sent += 1
        Barrier.objects.filter(pk=barrier.pk).update(reminded_for=barrier.next_update_due)
    return sent


def mark_dormant(now=None):
    """Open barriers with no activity for the set time become dormant (reopenable)."""
    now = now or timezone.now()
    days = setting("DORMANT_AFTER_DAYS")
    quiet = Barrier.objects.open().filter(last_activity_at__lt=now - timedelta(days=days))
    for barrier in quiet:
        change_status(None, barrier, Barrier.DORMANT, f"No activity for {days} days", system=True)
    return len(quiet)
