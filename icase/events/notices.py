"""On-site notices of a change to a member's place, beside the email that tasks.py sends.

They go to the member's notifications, the community's on-site channel, and link to Your events,
where the member acts on them. The event's own email already tells them, so the notice is marked
emailed: it stays out of the notification emails and daily digests.
"""

from django.db.models.functions import Now
from django.template.defaultfilters import date as format_date
from django.urls import reverse
from django.utils import timezone

from icase.community.models import Notification
from icase.community.services import notify


def _tell(registration, message):
    made = notify([registration.user], Notification.EVENT, message, url=reverse("events:yours"), email=False)
    Notification.objects.filter(pk__in=[notice.pk for notice in made]).update(emailed_at=Now())


def _offer_opening(event):
    return f"A place is free for you at “{event.title}”."


def place_offered(registration):
    until = format_date(timezone.localtime(registration.offer_expires_at), "j F Y, g:i A")
    _tell(registration, f"{_offer_opening(registration.event)} Accept it by {until} (UK time).")


def offers_settled(event, user_ids):
    """An offer accepted, given up or lapsed asks nothing more of the member: its notice is read,
    so the unread count in the header stops pointing at it."""
    Notification.objects.filter(
        user_id__in=user_ids,
        kind=Notification.EVENT,
        read_at__isnull=True,
        message__startswith=_offer_opening(event),
    ).update(read_at=Now())


def moved_to_waiting_list(registration):
    _tell(
        registration,
        f"“{registration.event.title}” has fewer places now, so you are on its waiting list. "
        "We will offer you a place if one becomes free.",
    )
