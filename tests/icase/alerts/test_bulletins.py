"""The editors' bulletin: who gets it (active members who opted in, when sending started), what it
holds (only picks still live and public), sent once per member even when a run crashes and is run
again, with its own one-click unsubscribe that stops the bulletin and nothing else."""

import re
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from allauth.account.models import EmailAddress

from django.core import mail
from django.core.mail.message import EmailMessage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

from cms.models import CaseStudyPage, ToolkitPage
from icase.alerts import bulletins, tasks
from icase.alerts.models import Bulletin, BulletinDelivery, BulletinOptIn, BulletinPick, Subscription
from icase.community.models import MemberProfile
from tests.icase.community.helpers import PASSWORD, make_member

from .helpers import subscribe

pytestmark = pytest.mark.django_db

INTRO = '<p>Welcome to the <b>first</b> bulletin. See <a href="https://example.org/x">this</a>.</p><ul><li>One</li></ul>'


class Crash(BaseException):
    """Not an Exception: the send loop must not swallow it, as a killed process would not."""


def compose(title="Winter bulletin", pages=None, **fields):
    bulletin = Bulletin.objects.create(title=title, intro=INTRO, **fields)
    for order, page in enumerate(pages if pages is not None else CaseStudyPage.objects.live()[:2]):
        BulletinPick.objects.create(bulletin=bulletin, page=page, sort_order=order, note=f"Note {order}")
    return bulletin


def opted_in(name):
    member = make_member(name, trusted=False)
    bulletins.set_opt_in(member, True)
    return member


def send(bulletin, editor=None):
    editor = editor or make_member(f"sender-{bulletin.pk}", trusted=False)
    assert bulletins.start_sending(bulletin, editor)


def test_only_active_opted_in_members_get_it_once(django_capture_on_commit_callbacks):
    reader = opted_in("bulletin-reader")
    opted_in("bulletin-gone").__class__.objects.filter(username="bulletin-gone").update(is_active=False)
    make_member("bulletin-not-asked", trusted=False)
    bulletin = compose()
    with django_capture_on_commit_callbacks(execute=True):
        send(bulletin)
    assert [message.to for message in mail.outbox] == [[reader.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert not bulletins.start_sending(bulletin, reader)  # pressing Send again sends nothing
    assert tasks.send_bulletin.call(bulletin.pk) == 0
    assert len(mail.outbox) == 1
    assert BulletinDelivery.objects.filter(bulletin=bulletin).count() == 1


def test_an_address_not_yet_confirmed_gets_no_bulletin(client, django_capture_on_commit_callbacks):
    """Sign-up can tick the bulletin box for any address: only a confirmed one is sent it."""
    fields = {"name": "Someone Else", "email": "not-mine@example.net", "password1": PASSWORD}
    response = client.post("/accounts/signup/", {**fields, "password2": PASSWORD, "bulletin": "on"})
    assert response.status_code == 302
    mail.outbox.clear()  # the confirmation email
    reader = opted_in("bulletin-confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        send(compose())
    assert [message.to for message in mail.outbox] == [[reader.email]]
    EmailAddress.objects.filter(email="not-mine@example.net").update(verified=True)
    assert "not-mine@example.net" in set(bulletins.recipients().values_list("email", flat=True))


def test_a_suspended_member_gets_nothing_and_a_later_opt_in_waits_for_the_next():
    from django.utils import timezone

    suspended = opted_in("bulletin-suspended")
    until = timezone.now() + timezone.timedelta(days=2)
    MemberProfile.objects.filter(user=suspended).update(suspended_until=until)
    bulletin = compose()
    send(bulletin)
    opted_in("bulletin-late")
    tasks.send_bulletin.call(bulletin.pk)
    assert mail.outbox == []


def test_the_email_has_the_picks_text_html_and_unsubscribe_headers():
    member = opted_in("bulletin-email")
    pages = list(CaseStudyPage.objects.live()[:2])
    bulletin = compose(pages=pages, covers_from="2026-11-01", covers_to="2026-11-30")
    send(bulletin)
    tasks.send_bulletin.call(bulletin.pk)
    [message] = mail.outbox
    assert message.subject == "Winter bulletin"
    body = message.body
    assert "Welcome to the first bulletin. See this (https://example.org/x)." in body
    assert "- One" in body
    assert "This bulletin covers 1 November 2026 to 30 November 2026." in body
    assert body.index(pages[0].title) < body.index(pages[1].title)
    assert "Note 0" in body
    html = message.alternatives[0][0]
    assert pages[0].title in html and "<b>" not in html  # the frame's HTML, made from the text
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and header.endswith(">")
    assert reverse("alerts:bulletin", args=[bulletin.pk]) in body
    assert member.email in message.to


def test_each_pick_is_checked_again_at_send_time():
    opted_in("bulletin-checked")
    public, unpublished, private = list(CaseStudyPage.objects.live()[:3])
    bulletin = compose(pages=[public, unpublished, private])
    unpublished.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    send(bulletin)
    tasks.send_bulletin.call(bulletin.pk)
    [message] = mail.outbox
    assert public.title in message.body
    assert unpublished.title not in message.body
    assert private.title not in message.body
    page = Client().get(reverse("alerts:bulletin", args=[bulletin.pk]))
    assert public.title in page.text and private.title not in page.text and unpublished.title not in page.text


def test_a_run_that_crashes_half_way_resumes_without_repeats_or_gaps(monkeypatch):
    members = [opted_in(f"bulletin-crash-{number}") for number in range(4)]
    bulletin = compose()
    send(bulletin)
    real_send = EmailMessage.send
    sends = {"count": 0}

    def crash_on_third(message, *args, **kwargs):
        sends["count"] += 1
        if sends["count"] == 3:
            raise Crash
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", crash_on_third)
    with pytest.raises(Crash):
        tasks.send_bulletin.call(bulletin.pk)
    assert len(mail.outbox) == 2
    assert BulletinDelivery.objects.filter(bulletin=bulletin).count() == 2  # the crashed one rolled back
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert tasks.send_bulletin.call(bulletin.pk) == 2
    assert tasks.send_bulletin.call(bulletin.pk) == 0
    assert tasks.finish_recent_bulletins.call() == 0
    assert sorted(message.to[0] for message in mail.outbox) == sorted(member.email for member in members)


def test_a_failed_send_to_one_member_does_not_stop_the_others(monkeypatch):
    members = [opted_in(f"bulletin-fail-{number}") for number in range(3)]
    bulletin = compose()
    send(bulletin)
    real_send = EmailMessage.send

    def refuse_first(message, *args, **kwargs):
        if message.to == [members[0].email]:
            raise OSError("mail server refused")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", refuse_first)
    assert tasks.send_bulletin.call(bulletin.pk) == 2
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert tasks.send_bulletin.call(bulletin.pk) == 1
    assert sorted(message.to[0] for message in mail.outbox) == sorted(member.email for member in members)


def test_the_one_click_unsubscribe_stops_only_the_bulletin():
    member = opted_in("bulletin-leaver")
    kept = subscribe(member, pioneer=["kent"])
    bulletin = compose()
    send(bulletin)
    tasks.send_bulletin.call(bulletin.pk)
    [message] = mail.outbox
    url = urlsplit(message.extra_headers["List-Unsubscribe"][1:-1])
    anonymous = Client(enforce_csrf_checks=True)
    confirm = anonymous.get(f"{url.path}?{url.query}")
    assert confirm.status_code == 200
    assert "Stop the editors’ bulletin" in confirm.text
    assert BulletinOptIn.objects.filter(user=member).exists()  # opening the link changes nothing
    response = anonymous.post(f"{url.path}?{url.query}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not BulletinOptIn.objects.filter(user=member).exists()
    assert Subscription.objects.current().filter(pk=kept.pk).exists()
    link = re.search(r"Stop getting the editors' bulletin: (\S+)", message.body).group(1)
    again = urlsplit(link)
    done = anonymous.post(again.path, {"token": parse_qs(again.query)["token"][0]})
    assert "You have unsubscribed" in done.text
    assert "already unsubscribed" in anonymous.get(f"{url.path}?{url.query}").text


def test_unsubscribing_from_everything_on_the_subscriptions_page_stops_the_bulletin_too():
    member = opted_in("bulletin-everything")
    subscribe(member, pioneer=["kent"])
    client = Client()
    client.force_login(member)
    page = client.post(reverse("alerts:subscriptions"), {"action": "end-all"}, follow=True)
    assert "the editors’ bulletin included" in page.text
    assert not BulletinOptIn.objects.filter(user=member).exists()
    assert not Subscription.objects.current().filter(user=member).exists()


def test_members_opt_in_and_out_on_their_subscriptions_page():
    member = make_member("bulletin-chooser", trusted=False)
    client = Client()
    client.force_login(member)
    assert "Email me the bulletin" in client.get(reverse("alerts:subscriptions")).text
    client.post(reverse("alerts:subscriptions"), {"action": "bulletin-on"})
    assert BulletinOptIn.objects.filter(user=member).exists()
    page = client.get(reverse("alerts:subscriptions"))
    assert "You will get the editors’ bulletin." in page.text and "Stop the bulletin" in page.text
    client.post(reverse("alerts:subscriptions"), {"action": "bulletin-off"})
    assert not BulletinOptIn.objects.filter(user=member).exists()


def queries(client, url):
    client.get(url)  # warm the navigation, which any save may have dropped from the cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_archive_lists_only_sent_bulletins_with_a_feed():
    sent = compose("Sent bulletin")
    send(sent)
    draft = compose("Draft bulletin")
    client = Client()
    archive = client.get(reverse("alerts:bulletins"))
    assert "Sent bulletin" in archive.text and "Draft bulletin" not in archive.text
    feed_url = reverse("alerts:bulletin_feed")
    assert 'rel="alternate" type="application/atom+xml" title="Editors’ bulletin - ICASE"' in archive.text
    assert feed_url in archive.text
    assert client.get(reverse("alerts:bulletin", args=[draft.pk])).status_code == 404
    assert client.get(reverse("alerts:bulletin", args=[sent.pk])).status_code == 200
    feed = feedparser.parse(client.get(feed_url).content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Sent bulletin"]
    assert feed.entries[0].link.endswith(reverse("alerts:bulletin", args=[sent.pk]))


def test_archive_queries_do_not_grow_with_bulletins_or_picks():
    member = make_member("bulletin-counter", trusted=False)
    client = Client()
    client.force_login(member)
    first = compose("First", pages=list(CaseStudyPage.objects.live()[:1]))
    send(first)
    one = queries(client, reverse("alerts:bulletins"))
    one_pick = queries(client, reverse("alerts:bulletin", args=[first.pk]))
    for number in range(5):
        send(compose(f"More {number}"))
    pages = list(CaseStudyPage.objects.live()[:3]) + list(ToolkitPage.objects.live()[:3])
    many = compose("Many picks", pages=pages)
    send(many)
    assert queries(client, reverse("alerts:bulletins")) == one <= 14
    assert queries(client, reverse("alerts:bulletin", args=[many.pk])) <= one_pick + 2 <= 18


def test_a_cached_anonymous_archive_shows_a_bulletin_as_soon_as_it_is_sent():
    editor = make_member("bulletin-fresh-sender", trusted=False)
    bulletin = compose("Fresh bulletin")
    visitor = Client()
    assert "No bulletins have been sent yet." in visitor.get(reverse("alerts:bulletins")).text
    assert "No bulletins have been sent yet." in visitor.get(reverse("alerts:bulletins")).text  # cached
    send(bulletin, editor)
    assert "Fresh bulletin" in visitor.get(reverse("alerts:bulletins")).text


def test_dates_it_covers_must_be_in_order():
    from django.core.exceptions import ValidationError

    bulletin = Bulletin(title="Backwards", intro="<p>x</p>", covers_from="2026-11-30", covers_to="2026-11-01")
    with pytest.raises(ValidationError):
        bulletin.full_clean()
