"""Digests and immediate alerts: one email per member per period, grouped by subscription, never
the same item twice and none skipped (even when a run crashes), with one-click unsubscribe."""

import re
from datetime import date, timedelta
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest

from django.core import mail
from django.core.mail.message import EmailMessage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from icase.alerts import bulletins, tasks
from icase.alerts.models import Alert, DigestDelivery, Subscription
from icase.community.models import MemberProfile
from tests.icase.community.helpers import make_member

from .helpers import publish_case_study, subscribe

pytestmark = pytest.mark.django_db


def links(message, word):
    return [url for url in re.findall(r"https?://\S+", message.body) if word in url]


@pytest.fixture
def published(django_capture_on_commit_callbacks):
    def publish(**fields):
        return publish_case_study(django_capture_on_commit_callbacks, **fields)

    return publish


def test_a_daily_digest_groups_by_subscription_once(published):
    member = make_member("digest-grouped")
    by_pioneer = subscribe(member, pioneer=["kent"])
    by_search = subscribe(member, "reablement")
    published(title="Reablement in Kent", summary="A reablement service.")
    published(title="Another Kent story", summary="Something else.")
    assert tasks.send_digests.call(Subscription.DAILY) == 1
    assert tasks.send_digests.call(Subscription.DAILY) == 0
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == "ICASE: 2 new items for what you follow"
    body = message.body
    assert body.index(by_pioneer.label) < body.index("Another Kent story") < body.index(by_search.label)
    assert body.count("Reablement in Kent") == 2  # under each subscription it matched
    assert "A reablement service." in body
    assert DigestDelivery.objects.filter(user=member, frequency="daily").count() == 1


def test_every_email_has_one_click_unsubscribe_headers(published):
    member = make_member("digest-headers")
    subscribe(member, pioneer=["kent"])
    published(title="Header test study")
    tasks.send_digests.call(Subscription.DAILY)
    [message] = mail.outbox
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.message()["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # RFC 8058: the mail client POSTs to the header's URL, without cookies or a CSRF token.
    url = urlsplit(header[1:-1])
    response = Client(enforce_csrf_checks=True).post(
        f"{url.path}?{url.query}", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert not Subscription.objects.current().filter(user=member).exists()


def test_the_unsubscribe_link_works_without_signing_in_and_twice(published):
    member = make_member("digest-unsubscribe")
    kept = subscribe(member, "reablement")
    left = subscribe(member, pioneer=["kent"])
    published(title="Unsubscribe link study", summary="Not about that.")
    tasks.send_digests.call(Subscription.DAILY)
    [message] = mail.outbox
    assert kept.label not in message.body  # nothing matched it: not in this email
    [link] = [url for url in links(message, "unsubscribe") if "token=" in url][:1]
    url = urlsplit(link)
    token = parse_qs(url.query)["token"][0]
    # Opening the link (as a mail scanner or link preview does) asks, and changes nothing.
    for _ in range(2):
        response = Client().get(f"{url.path}?{url.query}")
        page = response.content.decode()
        assert response.status_code == 200 and "Stop these emails" in page and left.label in page
        assert 'name="token" value="' in page and "no-cache" in response["Cache-Control"]
    assert set(Subscription.objects.current().filter(user=member)) == {kept, left}
    for _ in range(2):
        response = Client(enforce_csrf_checks=True).post(url.path, {"token": token})
        assert response.status_code == 200
        assert "You have unsubscribed" in response.content.decode()
        assert left.label in response.content.decode()
    assert list(Subscription.objects.current().filter(user=member)) == [kept]
    assert "already unsubscribed" in Client().get(f"{url.path}?{url.query}").content.decode()


def test_unsubscribe_from_everything_and_bad_tokens():
    member = make_member("digest-everything")
    subscribe(member, "reablement")
    subscribe(member, pioneer=["kent"])
    bulletins.set_opt_in(member, True)
    from icase.alerts.emails import unsubscribe_url

    url = urlsplit(unsubscribe_url(member.pk))
    confirm = Client().get(f"{url.path}?{url.query}").content.decode()
    assert "no longer get any emails" in confirm and "The editors’ bulletin" in confirm
    assert bulletins.is_opted_in(member)  # opening the link changes nothing
    response = Client().post(url.path, {"token": parse_qs(url.query)["token"][0]})
    assert "That was every subscription you had." in response.content.decode()
    assert not Subscription.objects.current().filter(user=member).exists()
    assert not bulletins.is_opted_in(member)  # "everything" includes the bulletin
    assert Client().get(f"{url.path}?token=made-up").status_code == 400
    assert Client().get(f"{url.path}?{url.query[:-3]}").status_code == 400
    assert Client().post(url.path, {"token": "made-up"}).status_code == 400


class Crash(BaseException):
    """What a killed worker looks like to the code: not an Exception anything catches."""


def test_a_digest_run_that_crashes_half_way_resumes_without_repeats_or_gaps(published, monkeypatch):
    members = [make_member(f"digest-crash-{number}") for number in range(3)]
    for member in members:
        subscribe(member, pioneer=["kent"])
    published(title="Crash test study one")
    published(title="Crash test study two")
    real_send = EmailMessage.send
    sends = {"count": 0}

    def crash_on_second(message, *args, **kwargs):
        sends["count"] += 1
        if sends["count"] == 2:
            raise Crash
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", crash_on_second)
    with pytest.raises(Crash):
        tasks.send_digests.call(Subscription.DAILY)
    assert len(mail.outbox) == 1
    monkeypatch.setattr(EmailMessage, "send", real_send)
    tasks.send_digests.call(Subscription.DAILY)
    tasks.send_digests.call(Subscription.DAILY)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(member.email for member in members)
    for message in mail.outbox:
        assert message.body.count("Crash test study one") == message.body.count("Crash test study two") == 1
    assert not Alert.objects.filter(sent_at__isnull=True).exists()


def test_items_after_todays_digest_wait_for_tomorrows(published):
    member = make_member("digest-tomorrow")
    subscribe(member, pioneer=["kent"])
    published(title="Before the digest")
    tasks.send_digests.call(Subscription.DAILY)
    published(title="After the digest")
    assert tasks.send_digests.call(Subscription.DAILY) == 0
    assert Alert.objects.filter(title="After the digest", sent_at__isnull=True).exists()


def test_weekly_digests_cover_a_week_from_monday():
    assert tasks.period_for(Subscription.WEEKLY, date(2026, 12, 2)) == date(2026, 11, 30)
    assert tasks.period_for(Subscription.DAILY, date(2026, 12, 2)) == date(2026, 12, 2)


def test_immediate_subscriptions_email_each_item_on_publish(published):
    member = make_member("digest-immediate")
    subscription = subscribe(member, pioneer=["kent"])
    Subscription.objects.filter(pk=subscription.pk).update(frequency=Subscription.IMMEDIATELY)
    published(title="Straight away study")
    [message] = mail.outbox
    assert "Straight away study" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert tasks.send_digests.call(Subscription.DAILY) == 0


def test_an_immediate_email_the_mail_server_refused_goes_at_the_schedulers_next_tick(published, monkeypatch):
    member = make_member("digest-refused")
    subscription = subscribe(member, pioneer=["kent"])
    Subscription.objects.filter(pk=subscription.pk).update(frequency=Subscription.IMMEDIATELY)
    real_send = EmailMessage.send

    def refuse(message, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    published(title="Refused the first time")
    assert not mail.outbox
    assert Alert.objects.filter(title="Refused the first time", sent_at__isnull=True).exists()
    monkeypatch.setattr(EmailMessage, "send", real_send)
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert [message.subject for message in mail.outbox] == ["ICASE: new case study: Refused the first time"]


def test_a_weekly_digest_goes_once_a_week_with_the_weeks_items(published):
    member = make_member("digest-weekly")
    subscription = subscribe(member, pioneer=["kent"])
    Subscription.objects.filter(pk=subscription.pk).update(frequency=Subscription.WEEKLY)
    published(title="Weekly study one")
    published(title="Weekly study two")
    assert tasks.send_digests.call(Subscription.DAILY) == 0
    assert tasks.send_digests.call(Subscription.WEEKLY) == 1
    assert tasks.send_digests.call(Subscription.WEEKLY) == 0
    [message] = mail.outbox
    assert "Weekly study one" in message.body and "Weekly study two" in message.body
    published(title="Later the same week")
    assert tasks.send_digests.call(Subscription.WEEKLY) == 0
    delivery = DigestDelivery.objects.get(user=member)
    assert delivery.period == tasks.period_for(Subscription.WEEKLY)


def test_items_no_longer_visible_and_suspended_members_are_not_sent(published):
    member = make_member("digest-unpublished")
    subscribe(member, pioneer=["kent"])
    page = published(title="Unpublished before the digest")
    page.unpublish()
    suspended = make_member("digest-suspended")
    subscribe(suspended, pioneer=["kent"])
    published(title="For a member suspended before the digest")
    MemberProfile.objects.filter(user=suspended).update(suspended_until=timezone.now() + timedelta(days=1))
    assert tasks.send_digests.call(Subscription.DAILY) == 1
    [message] = mail.outbox
    assert message.to == [member.email]
    assert "Unpublished before the digest" not in message.body
