"""Following a barrier: members follow from its page and are told (on the site, and by email as
they chose) when its status changes, a progress update or another pioneer is added, or its public
summary is published; never about what they did themselves; nobody else may follow."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client
from django.urls import reverse

from icase.community.models import MemberProfile, Notification
from icase.exchange import services
from icase.exchange.models import Barrier, BarrierFollow
from tests.icase.community.helpers import client_for

from .helpers import pioneer, walk_to

pytestmark = pytest.mark.django_db


def told(user):
    return list(
        Notification.objects.filter(user=user, kind=Notification.BARRIER).values_list("message", flat=True)
    )


def test_a_member_follows_from_the_page_and_hears_of_each_change(
    people, barrier, django_capture_on_commit_callbacks
):
    follower = people["member"]
    MemberProfile.objects.filter(user=follower).update(email_notifications=MemberProfile.EMAIL_IMMEDIATE)
    client = client_for(follower)
    page = client.get(barrier.get_absolute_url()).content.decode()
    assert "Follow this barrier" in page
    response = client.post(reverse("exchange:follow", args=[barrier.pk]), {"follow": "yes"})
    assert response.status_code == 302 and response["Location"] == barrier.get_absolute_url()
    assert "Stop following" in client.get(barrier.get_absolute_url()).content.decode()

    editor = people["programme_editor"]
    with django_capture_on_commit_callbacks(execute=True):
        walk_to(barrier, Barrier.UNDER_REVIEW, editor)
    assert told(follower) == [f"{barrier.title}: now under review"]
    assert any(follower.email in message.to for message in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.add_affected(people["other_editor"], barrier, pioneer("greenwich"), "Same here.")
        services.add_progress_update(people["pioneer_editor"], barrier, Barrier.AT_RISK, "Waiting on advice.")
    assert set(told(follower)) == {
        f"{barrier.title}: now under review",
        f"{barrier.title}: Greenwich is affected too",
        f"{barrier.title}: a progress update (at risk)",
    }

    client.post(reverse("exchange:follow", args=[barrier.pk]), {"follow": "no"})
    assert not BarrierFollow.objects.filter(user=follower).exists()
    before = len(told(follower))
    walk_to(barrier, Barrier.ESCALATED, editor)
    assert len(told(follower)) == before


def test_the_member_who_acts_is_not_told_of_their_own_change(people, barrier):
    editor = people["programme_editor"]
    services.follow(editor, barrier, True)
    services.follow(people["pioneer_editor"], barrier, True)  # the raiser: emailed about statuses already
    walk_to(barrier, Barrier.UNDER_REVIEW, editor)
    assert told(editor) == [] and told(people["pioneer_editor"]) == []
    services.add_progress_update(people["pioneer_editor"], barrier, Barrier.ON_TRACK, "Moving.")
    assert told(editor) == [f"{barrier.title}: a progress update (on track)"]


def test_only_members_may_follow(people, barrier):
    anonymous = Client().post(reverse("exchange:follow", args=[barrier.pk]), {"follow": "yes"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert "Follow this barrier" not in Client().get(barrier.get_absolute_url()).content.decode()
    with pytest.raises(services.Refused):
        services.follow(AnonymousUser(), barrier, True)
    assert not BarrierFollow.objects.exists()
