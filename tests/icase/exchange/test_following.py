"""Following a barrier: members follow from its page and are told (on the site, and by email as
they chose) when its status changes, a progress update or another pioneer is added, or its public
summary is published; never about what they did themselves; nobody else may follow."""

import pytest

from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import Client
from django.urls import reverse

from icase.community.models import MemberProfile, Notification
from icase.exchange import following, services
from icase.exchange.models import Barrier, BarrierFollow, BarrierListFollow
from icase.exchange.refusals import Refused
from tests.icase.community.helpers import client_for, make_member

from .helpers import pioneer, raise_kent_barrier, walk_to

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
    following.follow(editor, barrier, True)
    following.follow(people["pioneer_editor"], barrier, True)  # the raiser: emailed about statuses already
    walk_to(barrier, Barrier.UNDER_REVIEW, editor)
    assert told(editor) == [] and told(people["pioneer_editor"]) == []
    services.add_progress_update(people["pioneer_editor"], barrier, Barrier.ON_TRACK, "Moving.")
    assert told(editor) == [f"{barrier.title}: a progress update (on track)"]


def test_only_members_may_follow(people, barrier):
    anonymous = Client().post(reverse("exchange:follow", args=[barrier.pk]), {"follow": "yes"})
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    assert "Follow this barrier" not in Client().get(barrier.get_absolute_url()).content.decode()
    with pytest.raises(Refused):
        following.follow(AnonymousUser(), barrier, True)
    assert not BarrierFollow.objects.exists()


def follow_list(client, **filters):
    return client.post(reverse("exchange:follow_list"), {**filters, "follow": "yes"})


def test_a_member_follows_a_filtered_list_and_hears_of_barriers_joining_it(
    people, django_capture_on_commit_callbacks
):
    follower = people["member"]
    MemberProfile.objects.filter(user=follower).update(email_notifications=MemberProfile.EMAIL_IMMEDIATE)
    client = client_for(follower)
    listing = client.get(
        reverse("exchange:barriers"), {"level": "national", "theme": "information-governance"}
    )
    assert "Follow this list" in listing.content.decode()
    response = follow_list(client, level="national", theme="information-governance", sort="title")
    assert response.status_code == 302
    assert (
        response["Location"] == f"{reverse('exchange:barriers')}?level=national&theme=information-governance"
    )
    follow = BarrierListFollow.objects.get(user=follower)
    assert follow.filters == {
        "level": "national",
        "theme": "information-governance",
    }  # the sort is not a list
    assert (
        follow.label == "Barriers · Level: National · Enabler theme: Information governance and informatics"
    )
    assert "Stop following this list" in client.get(response["Location"]).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        national = raise_kent_barrier(people["pioneer_editor"])
        raise_kent_barrier(people["pioneer_editor"], title="A local rota problem", level=Barrier.LOCAL)
    assert told(follower) == [f"{national.title}: raised by Kent"]
    assert any(follower.email in message.to for message in mail.outbox)
    services.add_progress_update(people["pioneer_editor"], national, Barrier.AT_RISK, "Waiting on advice.")
    assert sorted(told(follower)) == [
        f"{national.title}: a progress update (at risk)",
        f"{national.title}: raised by Kent",
    ]


def test_a_barrier_moving_into_a_followed_status_list_is_told_once_to_a_member_following_it_twice(
    people, barrier
):
    follower = people["member"]
    client = client_for(follower)
    follow_list(client, status=Barrier.ESCALATED)
    follow_list(client)  # every barrier
    following.follow(follower, barrier, True)
    walk_to(barrier, Barrier.UNDER_REVIEW, people["programme_editor"])
    walk_to(barrier, Barrier.ESCALATED, people["programme_editor"])
    assert sorted(told(follower)) == [
        f"{barrier.title}: now escalated to a partner",
        f"{barrier.title}: now under review",
    ]


def test_stopping_a_list_follow_and_invalid_filters(people):
    client = client_for(people["member"])
    follow_list(client, level="national", status="not-a-status", pioneer="<script>")
    follow = BarrierListFollow.objects.get()
    assert follow.filters == {"level": "national"}  # values the list ignores are not followed either
    response = client.post(reverse("exchange:follow_list"), {"level": "national", "follow": "no"})
    assert response.status_code == 302 and not BarrierListFollow.objects.exists()
    follow_list(client)
    follow_list(client)
    assert BarrierListFollow.objects.get().label == "Every barrier"


def test_only_members_may_follow_a_list(people):
    listing = Client().get(reverse("exchange:barriers")).content.decode()
    assert "Follow this list" not in listing and "Follow every barrier" not in listing
    response = Client().post(reverse("exchange:follow_list"), {"follow": "yes"})
    assert response.status_code == 302 and "login" in response["Location"]
    with pytest.raises(Refused):
        following.follow_list(AnonymousUser(), {}, True)
    assert not BarrierListFollow.objects.exists()


def test_list_followers_are_matched_once_per_distinct_list(people, barrier, django_assert_max_num_queries):
    for index in range(30):
        member = make_member(f"list-follower-{index}", trusted=False)
        follow_list(client_for(member), level="national" if index % 2 else "local")
    with django_assert_max_num_queries(2):
        ids = following.list_follower_ids(barrier)
    assert len(ids) == 15


def test_the_subscriptions_page_lists_barrier_follows_and_stops_them_in_place(people, barrier):
    member = people["member"]
    client = client_for(member)
    follow_list(client, level="national")
    following.follow(member, barrier, True)
    page = client.get(reverse("alerts:subscriptions")).content.decode()
    assert "Barriers you follow" in page
    assert "Barriers · Level: National" in page and barrier.title in page
    assert f'href="{reverse("exchange:barriers")}?level=national"' in page

    back = reverse("alerts:subscriptions")
    stop = client.post(reverse("exchange:follow_list"), {"level": "national", "follow": "no", "next": back})
    assert stop["Location"] == back and not BarrierListFollow.objects.exists()
    elsewhere = client.post(
        reverse("exchange:follow", args=[barrier.pk]), {"follow": "no", "next": "//evil.example/"}
    )
    assert elsewhere["Location"] == barrier.get_absolute_url() and not BarrierFollow.objects.exists()
    assert "Barriers you follow" not in client.get(back).content.decode()
