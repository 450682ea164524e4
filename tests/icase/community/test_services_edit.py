"""Editing a post passes the same rules as writing one (services.check_can_post): suspension,
locked threads, networks, length, links, mentions and rate limits, and a new member's edit of a
published post goes back to a moderator before anyone else sees it."""

from datetime import timedelta

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from icase.community import services
from icase.community.models import Category, Notification, Post, PostRevision

from .helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_member("alice")


@pytest.fixture
def newcomer():
    return make_member("newcomer", trusted=False)


def approved_reply(author, thread, raw="Hello from Cornwall, we are new to this."):
    """A new member's first reply, approved by a moderator."""
    post = services.reply(author, thread, raw)
    assert post.status == Post.PENDING
    services.moderate_post(make_moderator(), post, "approve")
    post.refresh_from_db()
    assert post.status == Post.APPROVED
    return post


def test_a_suspended_member_cannot_edit(client, alice):
    thread = make_thread(alice, raw="Our first version")
    post = thread.posts.get()
    services.suspend(make_moderator(), alice, 7, "Repeated advertising")
    client.force_login(alice)
    response = client.post(
        reverse("community:edit_post", args=[post.pk]), {"body": "Buy now at spam.example"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "suspended" in content
    assert "Buy now at spam.example" in content  # what they typed is kept
    post.refresh_from_db()
    assert post.raw == "Our first version"


def test_a_new_member_cannot_edit_three_links_into_an_approved_reply(client, alice, newcomer):
    thread = make_thread(alice)
    post = approved_reply(newcomer, thread)
    client.force_login(newcomer)
    body = "See https://a.example, https://b.example and https://c.example"
    response = client.post(reverse("community:edit_post", args=[post.pk]), {"body": body})
    assert response.status_code == 400
    assert "up to 2 links" in response.content.decode()
    post.refresh_from_db()
    assert post.raw == "Hello from Cornwall, we are new to this."
    assert "c.example" not in Client().get(thread.get_absolute_url()).content.decode()


def test_a_new_members_edit_of_a_published_post_waits_for_a_moderator(client, alice, newcomer):
    thread = make_thread(alice)
    post = approved_reply(newcomer, thread)
    reply_notices = Notification.objects.filter(user=alice, post=post).count()
    client.force_login(newcomer)
    client.post(reverse("community:edit_post", args=[post.pk]), {"body": "Now selling at https://a.example"})
    post.refresh_from_db()
    assert post.status == Post.PENDING
    assert "a.example" not in Client().get(thread.get_absolute_url()).content.decode()
    own_view = client.get(thread.get_absolute_url()).content.decode()
    assert "Waiting for review" in own_view and "will appear once a moderator checks them" in own_view
    moderator = make_moderator("second-moderator")
    moderator_client = Client()
    moderator_client.force_login(moderator)
    assert "Now selling at" in moderator_client.get("/community/moderation/").content.decode()
    moderator_client.post(reverse("community:moderate_post", args=[post.pk, "approve"]))
    post.refresh_from_db()
    assert post.status == Post.APPROVED
    assert "a.example" in Client().get(thread.get_absolute_url()).content.decode()
    # Approving the edit does not tell the thread's followers about the same reply again.
    assert Notification.objects.filter(user=alice, post=post).count() == reply_notices


def test_a_new_members_edit_of_their_published_thread_hides_it_until_approved(alice, newcomer):
    thread = make_thread(newcomer, title="How do you run a joint discharge hub?")
    services.moderate_post(make_moderator(), thread.posts.get(), "approve")
    thread.refresh_from_db()
    assert thread.status == Post.APPROVED
    services.edit(newcomer, thread.posts.get(), "Edited opening post with new text")
    thread.refresh_from_db()
    assert thread.status == Post.PENDING
    assert not thread.can_view(alice) and thread.can_view(newcomer)


def test_trusted_members_and_moderators_edit_without_review(alice, newcomer):
    thread = make_thread(alice)
    post = services.edit(alice, thread.posts.get(), "A clearer opening post")
    assert post.status == Post.APPROVED
    reply = approved_reply(newcomer, thread)
    services.edit(make_moderator("tidy-moderator"), reply, "Hello from Cornwall (edited by a moderator)")
    reply.refresh_from_db()
    assert reply.status == Post.APPROVED


def test_edits_keep_the_length_and_mention_limits(alice, settings):
    thread = make_thread(alice)
    post = thread.posts.get()
    with pytest.raises(services.PostingRefused, match="characters or fewer"):
        services.edit(alice, post, "x" * (settings.COMMUNITY["MAX_POST_LENGTH"] + 1))
    handles = " ".join(f"@person{number}" for number in range(settings.COMMUNITY["MAX_MENTIONS"] + 1))
    with pytest.raises(services.PostingRefused, match="mention up to 10 members"):
        services.edit(alice, post, f"Thanks {handles}")


def test_edits_have_a_rate_limit(alice, settings):
    thread = make_thread(alice)
    post = thread.posts.get()
    for number in range(settings.COMMUNITY["EDITS_PER_WINDOW"]):
        services.edit(alice, post, f"Version {number}")
    with pytest.raises(services.PostingRefused, match="Please wait"):
        services.edit(alice, post, "One edit too many")
    PostRevision.objects.filter(edited_by=alice).update(created_at=timezone.now() - timedelta(hours=1))
    services.edit(alice, post, "An hour later")


def test_an_edit_cannot_repeat_another_of_your_posts(alice):
    thread = make_thread(alice)
    services.reply(alice, thread, "Our evaluation report is out")
    second = services.reply(alice, thread, "Something else entirely")
    with pytest.raises(services.PostingRefused, match="already posted"):
        services.edit(alice, second, "Our evaluation report is out")
    services.edit(alice, second, "Something else entirely, with a typo fixed")


def test_members_who_left_a_private_network_cannot_edit_there(alice):
    network = Category.objects.get(slug="integrated-care-payment-forum")
    membership = network.memberships.create(user=alice, status="approved")
    thread = make_thread(alice, category=network.slug, title="Our capitated budget risk share")
    membership.delete()
    with pytest.raises(services.PostingRefused, match="Only members of this network"):
        services.edit(alice, thread.posts.get(), "An edit from outside")


def test_edits_tell_newly_mentioned_members_once(alice):
    bob = make_member("bob")
    thread = make_thread(alice)
    post = thread.posts.get()
    services.edit(alice, post, "Adding @bob, who knows about this")
    services.edit(alice, post, "Adding @bob, who knows a lot about this")
    assert Notification.objects.filter(user=bob, kind="mention", post=post).count() == 1
