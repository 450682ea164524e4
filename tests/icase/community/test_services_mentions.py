"""@mentions: at most MAX_MENTIONS per post (each can send an email), and only handles members chose
themselves, on active accounts, are linked or notified, so a mention never confirms an address."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from icase.community import services
from icase.community.models import MemberProfile, Notification

from .helpers import make_member, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_member("alice")


def test_a_post_with_too_many_mentions_is_refused_and_keeps_the_text(client, alice, settings):
    cap = settings.COMMUNITY["MAX_MENTIONS"]
    for number in range(cap + 1):
        make_member(f"person{number}")
    thread = make_thread(alice)
    body = "Calling " + " ".join(f"@person{number}" for number in range(cap + 1))
    client.force_login(alice)
    response = client.post(reverse("community:reply", args=[thread.pk]), {"body": body})
    assert response.status_code == 400
    content = response.content.decode()
    assert f"You can mention up to {cap} members in a post" in content
    assert body in content
    assert not Notification.objects.filter(kind="mention").exists()


def test_ten_mentions_are_allowed_and_send_at_most_ten_emails(
    client, alice, settings, django_capture_on_commit_callbacks
):
    cap = settings.COMMUNITY["MAX_MENTIONS"]
    for number in range(cap):
        make_member(f"person{number}")
    thread = make_thread(alice)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("community:reply", args=[thread.pk]),
            {"body": "Calling " + " ".join(f"@person{number}" for number in range(cap))},
        )
    assert Notification.objects.filter(kind="mention").count() == cap
    assert len([message for message in mail.outbox if "mentioned you" in message.subject]) == cap


def test_editing_in_new_handles_cannot_send_more_than_the_cap(alice, settings):
    cap = settings.COMMUNITY["MAX_MENTIONS"]
    for number in range(3 * cap):
        make_member(f"person{number}")
    thread = make_thread(alice)
    post = services.reply(alice, thread, " ".join(f"@person{number}" for number in range(cap)))
    for batch in (1, 2):
        handles = " ".join(f"@person{number}" for number in range(batch * cap, (batch + 1) * cap))
        services.edit(alice, post, f"Edited: {handles}")
    assert Notification.objects.filter(kind="mention", post=post).count() == cap


def test_only_chosen_handles_of_active_members_are_mentionable(alice):
    random_handle = make_member("member-k3x9q2pz", handle_chosen=False)
    gone = make_member("gone")
    get_user_model().objects.filter(pk=gone.pk).update(is_active=False)
    thread = make_thread(alice)
    post = services.reply(alice, thread, "Thanks @member-k3x9q2pz and @gone and @nobody")
    assert "/members/" not in post.html
    assert not Notification.objects.filter(kind="mention").exists()
    mentionable = MemberProfile.mentionable(["member-k3x9q2pz", "gone", "alice"]).values_list("pk", flat=True)
    assert list(mentionable) == [alice.pk] and random_handle.pk != alice.pk


def test_a_mention_of_an_email_local_part_links_nobody(alice):
    """A member who never chose a handle cannot be found by guessing "firstname.lastname"."""
    user = get_user_model().objects.create_user("jane.smith", "jane.smith@nhs.example", "x-long-passphrase")
    thread = make_thread(alice)
    post = services.reply(alice, thread, "Is @jane.smith here?")
    assert 'href="/members/' not in post.html
    assert not Notification.objects.filter(user=user).exists()


def test_mentions_link_in_lower_case_whatever_was_typed(alice):
    make_member("bob")
    post = services.reply(alice, make_thread(alice), "Thanks @Bob")
    assert '<a href="/members/bob/" rel="nofollow noopener">@Bob</a>' in post.html
    assert Notification.objects.filter(user__username="bob", kind="mention").count() == 1
