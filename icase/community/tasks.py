"""Emails about community activity, sent through Django's task API.

A send that fails is logged and left for the next digest; it never touches the post that caused it.
Whether to send is decided again at send time: between a notification and its email (or the daily
digest) a member may have been deactivated or suspended, or lost sight of the thread (left a private
network, the thread was hidden or moved); then nothing is sent.
"""

import logging

from django_tasks import task

from django.urls import reverse
from django.utils import timezone

from icase.links import absolute_url
from icase.mail import send_email

from .models import MemberProfile, Notification
from .text import SUBJECT_LENGTH, single_line
from .visibility import can_be_notified, can_view_post

logger = logging.getLogger(__name__)


NOTIFICATION_REASON = (
    "you follow this discussion, category or theme, or someone mentioned or replied to you, and your "
    "ICASE settings say to email you straight away."
)
DIGEST_REASON = "you follow discussions on ICASE and chose a daily summary by email."


def _send(user, subject, template, context, reason):
    """Subjects are built from single-line, length-limited text: a line break in a thread title
    would otherwise make Django refuse the whole email (BadHeaderError). Every email is in the ICASE
    frame (icase/mail.py): why it came and where to change how often we email."""
    profile = getattr(user, "profile", None)
    send_email(
        user.email,
        f"ICASE: {single_line(subject, limit=SUBJECT_LENGTH)}",
        template,
        context,
        reason=reason,
        settings_path=reverse("community:profile"),
        settings_label="Change how often we email you",
        name=getattr(profile, "display_name", ""),
    )


def _with_link(notification):
    notification.link = absolute_url(notification.url)
    return notification


def _still_for(user, notification):
    """May `user` still be told about `notification` now?"""
    return can_be_notified(user) and (notification.post is None or can_view_post(user, notification.post))


@task()
def send_notification_email(notification_id):
    notification = (
        Notification.objects.select_related("user__profile", "post__thread__category")
        .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
        .first()
    )
    if notification is None or not notification.user.email:
        return "skipped"
    if not _still_for(notification.user, notification):
        return "skipped"
    try:
        _send(
            notification.user,
            notification.message,
            "email/community/notification.txt",
            {"notification": notification, "link": absolute_url(notification.url)},
            NOTIFICATION_REASON,
        )
    except Exception:
        logger.exception("Notification email %s not sent; it stays for the digest", notification_id)
        return "failed"
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return "sent"


@task()
def send_daily_digests():
    """One email per member who chose the daily digest, listing unread notifications not yet emailed
    that they may still be told about."""
    sent = 0
    profiles = MemberProfile.objects.filter(
        email_notifications=MemberProfile.EMAIL_DAILY, user__is_active=True
    ).select_related("user")
    for profile in profiles:
        if not profile.user.email or not can_be_notified(profile.user):
            continue
        unsent = Notification.objects.filter(
            user=profile.user, read_at__isnull=True, emailed_at__isnull=True
        ).select_related("post__thread__category")
        pending = [notification for notification in unsent if _still_for(profile.user, notification)]
        if not pending:
            continue
        try:
            _send(
                profile.user,
                f"{len(pending)} new in your ICASE discussions",
                "email/community/digest.txt",
                {
                    "notifications": [_with_link(notification) for notification in pending],
                    "notifications_url": absolute_url(reverse("community:notifications")),
                },
                DIGEST_REASON,
            )
        except Exception:
            logger.exception("Digest for member %s not sent; it will be retried tomorrow", profile.user_id)
            continue
        now = timezone.now()
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
        MemberProfile.objects.filter(pk=profile.pk).update(last_digest_at=now)
        sent += 1
    return sent
