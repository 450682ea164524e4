"""Deactivated and suspended members are sent nothing, and emails check again when they are sent:
a member who was deactivated, suspended or lost sight of the thread in the meantime gets no email,
immediate or digest."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail

from icase.community import services
from icase.community.models import Category, Follow, NetworkMembership, Notification
from icase.community.tasks import send_daily_digests, send_notification_email

from .helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice():
    return make_member("alice")


@pytest.fixture
def bob():
    return make_member("bob")


def deactivate(user):
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    return get_user_model().objects.get(pk=user.pk)


def emails_to(user):
    return [message for message in mail.outbox if user.email in message.to]


def test_deactivated_members_get_no_notifications_for_threads_categories_or_themes(alice, bob):
    category = Category.objects.filter(kind="theme").first()
    thread = make_thread(bob)
    Follow.objects.create(user=bob, category=category)
    Follow.objects.create(user=bob, theme=category.theme)
    bob = deactivate(bob)
    services.reply(alice, thread, "A reply Bob should not hear about")
    make_thread(alice, category=category.slug, title="A new thread in a followed theme")
    services.reply(alice, thread, "And a mention of @bob")
    assert not Notification.objects.filter(user=bob).exists()


def test_suspended_members_get_no_notifications(alice, bob):
    thread = make_thread(bob)
    answer = services.reply(bob, make_thread(alice, title="Who has a discharge to assess model?"), "We do")
    services.suspend(make_moderator(), bob, 7, "Cooling off")
    services.reply(alice, thread, "A reply while Bob is suspended, with @bob")
    services.set_answer(alice, answer)
    assert not Notification.objects.filter(user=bob).exists()


def test_a_private_network_thread_notifies_only_current_members(alice, bob):
    network = Category.objects.get(slug="integrated-care-payment-forum")
    NetworkMembership.objects.create(category=network, user=alice, status="approved")
    Follow.objects.create(user=bob, category=network)
    make_thread(alice, category=network.slug, title="Our capitated budget risk share")
    assert not Notification.objects.filter(user=bob).exists()


def notified(alice, bob, **thread_options):
    """Bob follows Alice's thread and has a notification about her reply, not yet emailed."""
    thread = make_thread(alice, **thread_options)
    Follow.objects.create(user=bob, thread=thread)
    services.reply(alice, thread, "News Bob follows")
    notification = Notification.objects.get(user=bob)
    assert notification.emailed_at is None
    return notification


def test_the_immediate_email_is_not_sent_to_a_member_deactivated_since(alice, bob):
    notification = notified(alice, bob)
    deactivate(bob)
    assert send_notification_email.call(notification.pk) == "skipped"
    assert emails_to(bob) == []


def test_the_immediate_email_is_not_sent_to_a_member_suspended_since(alice, bob):
    notification = notified(alice, bob)
    services.suspend(make_moderator(), bob, 7, "Cooling off")
    assert send_notification_email.call(notification.pk) == "skipped"
    assert emails_to(bob) == []


def test_the_immediate_email_is_not_sent_once_the_thread_is_out_of_sight(alice, bob):
    network = Category.objects.get(slug="integrated-care-payment-forum")
    NetworkMembership.objects.create(category=network, user=alice, status="approved")
    membership = NetworkMembership.objects.create(category=network, user=bob, status="approved")
    notification = notified(alice, bob, category=network.slug, title="Our capitated budget risk share")
    membership.delete()
    assert send_notification_email.call(notification.pk) == "skipped"
    assert emails_to(bob) == []


def test_the_immediate_email_is_sent_when_nothing_changed(alice, bob):
    notification = notified(alice, bob)
    assert send_notification_email.call(notification.pk) == "sent"
    assert len(emails_to(bob)) == 1


@pytest.mark.parametrize("change", ["deactivated", "suspended", "thread hidden"])
def test_the_daily_digest_skips_members_and_threads_that_changed(alice, bob, change):
    bob.profile.email_notifications = "daily"
    bob.profile.save()
    notification = notified(alice, bob)
    if change == "deactivated":
        deactivate(bob)
    elif change == "suspended":
        services.suspend(make_moderator(), bob, 7, "Cooling off")
    else:
        services.moderate_thread(make_moderator(), notification.post.thread, "hide")
    send_daily_digests.call()
    assert emails_to(bob) == []


def test_the_daily_digest_still_reaches_members_in_good_standing(alice, bob):
    bob.profile.email_notifications = "daily"
    bob.profile.save()
    notified(alice, bob)
    assert send_daily_digests.call() >= 1
    assert len(emails_to(bob)) == 1
