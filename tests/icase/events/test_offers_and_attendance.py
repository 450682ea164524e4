"""A waiting-list offer on the site as well as by email; members confirm they attended and may
list the events they attended on their member page, as each viewer may see them (issue 16)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from icase.community.models import Category, NetworkMembership, Notification
from icase.events import services
from icase.events.models import Registration
from tests.icase.community.helpers import make_member

from .helpers import open_event

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_offer_is_in_the_notifications_and_on_your_events_with_its_expiry(
    django_capture_on_commit_callbacks,
):
    event = open_event(capacity=1)
    first, second = make_member("first"), make_member("second")
    services.register(first, event)
    services.register(second, event)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first, event)
    offer = Registration.objects.get(event=event, user=second)
    notice = Notification.objects.get(user=second, kind=Notification.EVENT)
    assert f"A place is free for you at “{event.title}”. Accept it by" in notice.message
    assert notice.url == reverse("events:yours") and notice.read_at is None
    assert notice.emailed_at is not None  # the offer email tells them; no second email or digest
    assert not Notification.objects.filter(user=first).exists()

    client = signed_in(second)
    listed = client.get(reverse("community:notifications")).text
    assert "A place is free for you" in listed
    assert client.get(reverse("community:notifications"), {"kind": "event"}).status_code == 200
    yours = client.get(reverse("events:yours")).text
    until = timezone.localtime(offer.offer_expires_at, ZoneInfo("Europe/London"))
    assert f"We are holding it until {until:%A} {until.day} {until:%B %Y}" in yours
    assert "Accept the place" in yours
    response = client.post(reverse("events:accept", args=[event.pk]), {"next": "yours"})
    assert response["Location"] == reverse("events:yours")
    assert Registration.objects.get(pk=offer.pk).status == Registration.REGISTERED
    assert Notification.objects.get(pk=notice.pk).read_at is not None, "an accepted offer's notice is done"


@pytest.mark.parametrize("ending", ["given up", "lapsed"])
def test_an_offer_given_up_or_lapsed_leaves_no_unread_notice(django_capture_on_commit_callbacks, ending):
    event = open_event(capacity=1)
    first, second = make_member("first"), make_member("second")
    services.register(first, event)
    services.register(second, event)
    other = Notification.objects.create(user=second, kind=Notification.EVENT, message="Another", url="/")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(first, event)
        if ending == "given up":
            services.cancel(second, event)
        else:
            services.expire_offers(now=Registration.objects.get(user=second).offer_expires_at)
    offer_notice = Notification.objects.get(user=second, message__startswith="A place is free")
    assert offer_notice.read_at is not None
    assert Notification.objects.get(pk=other.pk).read_at is None, "only the offer's notice is read"


def test_a_member_confirms_they_attended_once_the_event_has_started():
    event = open_event(start=timezone.now() + datetime.timedelta(hours=3))
    member, other = make_member("came"), make_member("did-not-book")
    services.register(member, event)
    client = signed_in(member)
    assert "I attended" not in client.get(event.url).text
    client.post(reverse("events:attended", args=[event.pk]))
    assert Registration.objects.get(event=event, user=member).status == Registration.REGISTERED
    event.start = timezone.now() - datetime.timedelta(hours=2)
    event.end = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    page = client.get(event.url).text
    assert "Did you attend?" in page and "I attended" in page
    assert "I attended" in client.get(reverse("events:yours")).text
    response = client.post(reverse("events:attended", args=[event.pk]), {"next": "yours"})
    assert response["Location"] == reverse("events:yours")
    assert Registration.objects.get(event=event, user=member).status == Registration.ATTENDED
    assert "You attended" in client.get(event.url).text
    refused = signed_in(other).post(reverse("events:attended", args=[event.pk]), follow=True)
    assert refused.status_code == 200 and "You did not have a place at this event." in refused.text
    assert signed_in(other).get(reverse("events:attended", args=[event.pk])).status_code == 405


def attended(member, event):
    Registration.objects.create(event=event, user=member, status=Registration.ATTENDED)


def test_the_member_page_lists_attended_events_only_when_chosen_and_as_each_viewer_may_see():
    past = timezone.now() - datetime.timedelta(days=5)
    network = Category.objects.get(slug="integrated-care-payment-forum")
    public_event = open_event(title="Public assembly attended", start=past)
    private_event = open_event(
        title="Payment forum meeting attended", start=past, audience_network=network.slug
    )
    member = make_member("attender", contactable=True)
    NetworkMembership.objects.create(category=network, user=member, status="approved")
    attended(member, public_event)
    attended(member, private_event)
    open_event(title="Booked but not attended", start=past)
    member_url = reverse("community:member", args=[member.profile.handle])
    outsider, insider = make_member("outsider"), make_member("insider")
    NetworkMembership.objects.create(category=network, user=insider, status="approved")

    assert "Public assembly attended" not in signed_in(outsider).get(member_url).text  # not chosen
    own = signed_in(member)
    assert "Your page does not list the events you attended." in own.get(member_url).text
    response = own.post(reverse("events:list_attended"), {"list_attended": "on"})
    assert response["Location"] == reverse("events:yours")
    box = re.search(
        r'<input type="checkbox" name="list_attended"[^>]*>', own.get(reverse("events:yours")).text
    )
    assert " checked" in box.group(0)

    seen_by_outsider = signed_in(outsider).get(member_url).text
    assert "Events attended" in seen_by_outsider and "Public assembly attended" in seen_by_outsider
    assert "Payment forum meeting attended" not in seen_by_outsider
    assert "Payment forum meeting attended" not in Client().get(member_url).text
    seen_by_insider = signed_in(insider).get(member_url).text
    assert (
        "Public assembly attended" in seen_by_insider and "Payment forum meeting attended" in seen_by_insider
    )
    assert "Booked but not attended" not in seen_by_insider

    own.post(reverse("events:list_attended"), {})
    assert "Public assembly attended" not in signed_in(insider).get(member_url).text
