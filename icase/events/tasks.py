"""Emails to attendees, sent through Django's task API, and the scheduler's event jobs.

Whether to send is decided again at send time: a member who was deactivated or suspended, or
whose registration changed in between, is sent nothing. Reminders are marked sent with a
conditional update first, so two scheduler runs never send the same reminder twice.
"""

import logging
from datetime import timedelta

from django_tasks import task

from django.urls import reverse
from django.utils import timezone

from icase.community.text import SUBJECT_LENGTH, single_line
from icase.community.visibility import can_be_notified
from icase.links import absolute_url, page_url
from icase.mail import build_email

from .calendars import attendee_ics
from .models import joining_link_visible

logger = logging.getLogger(__name__)

REASON = "you registered for this event on ICASE."
SUBJECTS = {
    "registered": "You're registered: {title}",
    "waitlisted": "You're on the waiting list: {title}",
    "offered": "A place is free for you: {title}",
    "moved": "You're now on the waiting list: {title}",
    "reminder-day": "Tomorrow: {title}",
    "reminder-hour": "Starting in an hour: {title}",
}
STILL_MEANT = {  # the registration statuses each email is still right for at send time
    "registered": {"registered"},
    "waitlisted": {"waitlisted"},
    "offered": {"offered"},
    "moved": {"waitlisted"},
    "reminder-day": {"registered"},
    "reminder-hour": {"registered"},
}


def queue(job, *args):
    try:
        job.enqueue(*args)
    except Exception:  # a queue or mail failure never undoes a booking
        logger.exception("Could not queue %s%s", job, args)


def _send(registration, kind):
    event, user = registration.event, registration.user
    profile = getattr(user, "profile", None)
    message = build_email(
        user.email,
        f"ICASE: {single_line(SUBJECTS[kind].format(title=event.title), limit=SUBJECT_LENGTH)}",
        f"email/events/{kind.split('-')[0]}.txt",
        {
            "event": event,
            "registration": registration,
            "event_url": page_url(event),
            "yours_url": absolute_url(reverse("events:yours")),
            "show_joining_link": kind == "reminder-hour" or joining_link_visible(event),
            "kind": kind,
        },
        reason=REASON,
        settings_path=reverse("events:yours"),
        settings_label="See or cancel your events",
        name=getattr(profile, "display_name", ""),
    )
    if kind in ("registered", "reminder-day", "reminder-hour"):
        message.attach(f"{event.slug}.ics", attendee_ics(event), "text/calendar; charset=utf-8")
    message.send()


@task()
def send_registration_email(registration_id, kind):
    from .models import Registration

    registration = (
        Registration.objects.select_related("event", "user__profile").filter(pk=registration_id).first()
    )
    if registration is None or registration.status not in STILL_MEANT[kind]:
        return "skipped"
    if not registration.user.email or not can_be_notified(registration.user):
        return "skipped"
    try:
        _send(registration, kind)
    except Exception:
        logger.exception("Event email %s for registration %s not sent", kind, registration_id)
        return "failed"
    return "sent"


REMINDERS = [  # (kind, how long before the start, the field that records it was sent)
    ("reminder-day", timedelta(days=1), "day_reminder_sent_at"),
    ("reminder-hour", timedelta(hours=1), "hour_reminder_sent_at"),
]


@task()
def send_event_reminders():
    """A day and an hour before each event, to members with a place. Returns how many were sent."""
    from .models import Registration

    now = timezone.now()
    sent = 0
    for kind, before, field in REMINDERS:
        due = Registration.objects.filter(
            status=Registration.REGISTERED,
            # No day-before reminder for a booking made in the last hour: the hour's one follows.
            event__start__gt=now + (timedelta(hours=1) if kind == "reminder-day" else timedelta()),
            event__start__lte=now + before,
            **{f"{field}__isnull": True},
        ).values_list("pk", flat=True)
        for pk in list(due):
            claimed = Registration.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: now})
            if claimed and send_registration_email.call(pk, kind) == "sent":
                sent += 1
    return sent


@task()
def expire_event_offers():
    from .services import expire_offers

    return expire_offers()


@task()
def send_organiser_message(registration_id, subject, body):
    from .models import Registration

    registration = (
        Registration.objects.select_related("event", "user__profile").filter(pk=registration_id).first()
    )
    if registration is None or not registration.holds_place or not can_be_notified(registration.user):
        return "skipped"
    event, profile = registration.event, getattr(registration.user, "profile", None)
    try:
        build_email(
            registration.user.email,
            f"ICASE: {single_line(f'{event.title}: {subject}', limit=SUBJECT_LENGTH)}",
            "email/events/organiser_message.txt",
            {"event": event, "body": body, "event_url": page_url(event)},
            reason=REASON,
            settings_path=reverse("events:yours"),
            settings_label="See or cancel your events",
            name=getattr(profile, "display_name", ""),
        ).send()
    except Exception:
        logger.exception("Organiser message for registration %s not sent", registration_id)
        return "failed"
    return "sent"
