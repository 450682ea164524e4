"""Matching on publish and the subscription emails, through Django's task API.

Idempotency: every email is sent inside the transaction that marks its alerts sent (and, for a
digest, records the member's DigestDelivery for the period). A run that crashes part-way has
committed exactly the members it finished; running it again sends to the rest and to nobody twice.
(If the process died after the mail server accepted a message but before the commit, that one
message would go again: at least once, never skipped.) Whether to send is decided again at send
time: an inactive or suspended member gets nothing, and an item they may no longer see (a page
unpublished or made private, a thread hidden or moved) is left out and marked done.
"""

import logging
from datetime import timedelta

from django_tasks import task

from django.db import IntegrityError, transaction
from django.utils import timezone

from wagtail.models import Page

from icase.community.models import Thread
from icase.community.text import SUBJECT_LENGTH, single_line
from icase.community.visibility import can_be_notified, may_receive

from . import bulletins, matching
from .emails import build_alert_email
from .models import Alert, Bulletin, BulletinDelivery, DigestDelivery, Subscription

logger = logging.getLogger(__name__)


@task()
def match_published_page(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    matched = matching.match_page(page)
    if matched:
        send_immediate_alerts.enqueue()
    return len(matched)


@task()
def match_visible_thread(thread_id):
    thread = Thread.objects.select_related("category").filter(pk=thread_id).first()
    if thread is None:
        return 0
    matched = matching.match_thread(thread)
    if matched:
        send_immediate_alerts.enqueue()
    return len(matched)


def period_for(frequency, today=None):
    """The day a daily digest covers, or the Monday of a weekly digest's week."""
    today = today or timezone.localdate()
    return today - timedelta(days=today.weekday()) if frequency == Subscription.WEEKLY else today


def _still_visible(user, alerts):
    """The alerts whose item `user` may still see now."""
    page_ids = {alert.page_id for alert in alerts if alert.page_id}
    live = set(Page.objects.live().public().filter(pk__in=page_ids).values_list("pk", flat=True))
    visible = []
    for alert in alerts:
        if alert.page_id and alert.page_id in live or alert.thread_id and may_receive(user, alert.thread):
            visible.append(alert)
    return visible


def _grouped(alerts):
    groups = {}
    for alert in alerts:
        groups.setdefault(alert.subscription_id, (alert.subscription, []))[1].append(alert)
    return list(groups.values())


def _send_to(user, alerts, subject, delivery=None):
    """Send `alerts` to `user` in one email and mark them sent, all or nothing."""
    with transaction.atomic():
        locked = list(
            Alert.objects.select_for_update(of=("self",))
            .filter(pk__in=[alert.pk for alert in alerts], sent_at__isnull=True)
            .select_related("subscription", "thread__category")
        )
        if not locked:
            return False
        visible = _still_visible(user, locked) if can_be_notified(user) and user.email else []
        if visible and delivery is not None:
            try:
                with transaction.atomic():
                    delivery.item_count = len(visible)
                    delivery.save()
            except IntegrityError:
                return False  # this period's digest went already; these wait for the next one
        Alert.objects.filter(pk__in=[alert.pk for alert in locked]).update(sent_at=timezone.now())
        if visible:
            build_alert_email(user, _grouped(visible), subject).send()
        return bool(visible)


def _unsent(frequency):
    return Alert.objects.filter(
        sent_at__isnull=True, subscription__frequency=frequency, subscription__ended_at__isnull=True
    ).select_related("subscription__user__profile", "thread__category")


@task()
def send_immediate_alerts():
    """One email per new item for subscriptions set to "straight away"."""
    sent = 0
    for alert in _unsent(Subscription.IMMEDIATELY).filter(subscription__paused=False):
        subject = f"ICASE: new {alert.type_label.lower()}: {single_line(alert.title, limit=SUBJECT_LENGTH)}"
        try:
            sent += _send_to(alert.subscription.user, [alert], subject)
        except Exception:
            logger.exception("Alert %s not sent; the next run tries again", alert.pk)
    return sent


@task()
def send_digests(frequency=Subscription.DAILY):
    """One digest per member with anything new for their `frequency` subscriptions this period."""
    period = period_for(frequency)
    already = DigestDelivery.objects.filter(frequency=frequency, period=period).values("user_id")
    unsent = _unsent(frequency).filter(subscription__paused=False).exclude(subscription__user_id__in=already)
    by_member = {}
    for alert in unsent.order_by("subscription__user_id", "matched_at", "pk"):
        by_member.setdefault(alert.subscription.user_id, []).append(alert)
    sent = 0
    for alerts in by_member.values():
        user = alerts[0].subscription.user
        count = len({alert.item_key for alert in alerts})  # an item under two subscriptions is one
        subject = f"ICASE: {count} new item{'s' if count != 1 else ''} for what you follow"
        try:
            sent += _send_to(
                user, alerts, subject, DigestDelivery(user=user, frequency=frequency, period=period)
            )
        except Exception:
            logger.exception("%s digest for member %s not sent; the next run tries again", frequency, user.pk)
    return sent


@task()
def send_all_digests():
    """The scheduler's daily job: today's daily digests, and this week's weekly ones (each member's
    weekly digest goes on the first run of the week that has something for them)."""
    return {
        frequency: send_digests.call(frequency) for frequency in (Subscription.DAILY, Subscription.WEEKLY)
    }


def _deliver_bulletin(bulletin, user, items):
    """Send to one member and record it, all or nothing; False if it went to them already."""
    with transaction.atomic():
        _delivery, created = BulletinDelivery.objects.get_or_create(bulletin=bulletin, user=user)
        if created:
            bulletin_email = bulletins.build_bulletin_email(bulletin, items, user)
            bulletin_email.send()
        return created


@task()
def send_bulletin(bulletin_id):
    """The editors' bulletin to every member who opted in and has not had it. The picks are checked
    once per run, now: a page unpublished or made private since it was picked is left out."""
    bulletin = Bulletin.objects.sent().filter(pk=bulletin_id).first()
    if bulletin is None:
        return 0
    items = bulletins.pick_items(bulletin.live_picks())
    done = BulletinDelivery.objects.filter(bulletin=bulletin).values("user_id")
    # Those who had opted in when sending started: a member who opts in later starts with the next.
    audience = bulletins.recipients().filter(bulletin_opt_in__created_at__lte=bulletin.sent_at)
    sent = 0
    for user in audience.exclude(pk__in=done):
        if not bulletins.may_receive(user):
            continue
        try:
            sent += _deliver_bulletin(bulletin, user, items)
        except Exception:
            logger.exception("Bulletin %s to member %s not sent; next run retries", bulletin.pk, user.pk)
    return sent


@task()
def finish_recent_bulletins():
    """The scheduler's daily safety net: finish any bulletin of the last week whose run stopped
    part-way (a process killed mid-send); for a bulletin that went to everyone it sends nothing."""
    recent = Bulletin.objects.sent().filter(sent_at__gte=timezone.now() - timedelta(days=7))
    return sum(send_bulletin.call(pk) for pk in recent.values_list("pk", flat=True))
