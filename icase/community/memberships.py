"""What members sign up to: following threads, categories and themes, and joining private
networks (asked for by the member, decided by the network's managers). Views call these; each
change that others should hear about notifies them through services.notify."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from . import services
from .models import Follow, MemberProfile, NetworkMembership, Notification


def membership_of(user, network):
    """The member's request or membership of a private network, if any."""
    if not network.is_private or not user.is_authenticated:
        return None
    return network.memberships.filter(user=user).first()


def is_following(user, **target):
    """`target` is one of thread=, category= or theme=."""
    return user.is_authenticated and Follow.objects.filter(user=user, **target).exists()


@transaction.atomic
def toggle_follow(user, **target):
    """Follow `target`, or stop following it; returns whether the member now follows it."""
    deleted, _ = Follow.objects.filter(user=user, **target).delete()
    if deleted:
        return False
    Follow.objects.create(user=user, **target)
    return True


@transaction.atomic
def request_to_join(user, network):
    """Ask to join a private network; its managers hear about the first request only."""
    membership, created = NetworkMembership.objects.get_or_create(category=network, user=user)
    if created:
        services.notify(
            network.managers.all(),
            Notification.MEMBERSHIP,
            f"{MemberProfile.for_user(user).display_name} asked to join {network.name}",
            url=reverse("community:network_members", args=[network.slug]),
            actor=user,
        )
    return membership


@transaction.atomic
def decide(manager, membership, approve):
    """A manager's decision on a request to join, logged and told to the member."""
    membership.status = NetworkMembership.APPROVED if approve else NetworkMembership.DECLINED
    membership.decided_at, membership.decided_by = timezone.now(), manager
    membership.save()
    services.log(manager, f"network-{'approve' if approve else 'decline'}", member=membership.user)
    network = membership.category
    services.notify(
        [membership.user],
        Notification.MEMBERSHIP,
        f"Your request to join {network.name} was {'approved' if approve else 'declined'}",
        url=network.get_absolute_url(),
        actor=manager,
    )
    return membership


def mark_read(user, notification_id=None):
    """Mark one of the member's notifications as read, or all of them."""
    items = user.notifications.unread()
    if notification_id is not None:
        items = items.filter(pk=notification_id)
    return items.update(read_at=timezone.now())
