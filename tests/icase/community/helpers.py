"""Members and threads for community tests, built through the same services the views use."""

from datetime import timedelta

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from icase.community import services
from icase.community.models import Category, MemberProfile, NetworkMembership, Post, Thread
from icase.community.seed import MODERATORS

PASSWORD = "a-long-test-passphrase-1"


def make_member(username, trusted=True, **profile):
    """A verified member who chose `username` as their handle. `trusted` members have two published
    posts from last week, so they are past pre-moderation without using up today's posting limit."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    details = {"display_name": username.replace("-", " ").title(), "handle_chosen": True, **profile}
    themes = details.pop("themes", [])
    MemberProfile.objects.filter(user=user).update(**details)
    if themes:
        user.profile.themes.set(themes)
    if trusted:
        earlier = timezone.now() - timedelta(days=7)
        thread = Thread.objects.create(
            category=Category.objects.get(slug="evaluation-network"),
            title=f"Introductions from {username}",
            author=user,
            created_at=earlier,
            is_hidden=True,  # history that counts towards trust without showing up in listings
        )
        for number in range(2):
            Post.objects.create(
                thread=thread,
                author=user,
                raw=f"Hello from {username}: introduction number {number + 1}.",
                created_at=earlier,
            )
    return get_user_model().objects.get(pk=user.pk)


def make_moderator(username="moderator"):
    user = make_member(username)
    user.groups.add(Group.objects.get(name=MODERATORS))
    return get_user_model().objects.get(pk=user.pk)


def make_thread(
    author, category="informatics-network", title="How did you agree information sharing?", raw=None, **kwargs
):
    return services.start_thread(
        author,
        Category.objects.get(slug=category),
        title,
        raw or "We are drafting an information sharing agreement between the council and the trust.",
        **kwargs,
    )


def client_for(user):
    """A test client signed in as `user` (anonymous for None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def admin_client_for(user):
    """A test client signed in as `user` with two-factor authentication set up, as the admin
    requires of everyone who opens it."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return client_for(user)


def make_editor(username, role, pioneer=None):
    """A member given an editorial role the way programme staff give it (`assign_role`)."""
    import io

    from django.core.management import call_command

    user = make_member(username)
    options = ["--pioneer", pioneer] if pioneer else []
    call_command("assign_role", user.email, role, *options, stdout=io.StringIO())
    return user


def signed_in(client, user):
    client.force_login(user)
    return client


# The role table every visibility test walks (tests/icase/community/test_visibility.py and the
# private network event test beside it): who may read a private network, and who is told.
ROLES = [
    "anonymous",
    "member",
    "network member",
    "pending applicant",
    "network manager",
    "moderator",
    "suspended",
    "inactive",
]
ALLOWED = {"network member", "network manager", "moderator"}
# Suspended members may still read; they are sent nothing until the suspension ends.
READERS = ALLOWED | {"suspended"}


def make_visitor(role, forum):
    """A visitor of `role` in the role table, as seen by the private network `forum`."""
    if role == "anonymous":
        return None
    if role == "moderator":
        return make_moderator("vis-moderator")
    user = make_member(f"vis-{role.replace(' ', '-')}")
    if role in ("network member", "suspended", "inactive"):
        NetworkMembership.objects.create(category=forum, user=user, status=NetworkMembership.APPROVED)
    elif role == "pending applicant":
        NetworkMembership.objects.create(category=forum, user=user, status=NetworkMembership.PENDING)
    elif role == "network manager":
        forum.managers.add(user)
    if role == "suspended":
        user.profile.suspended_until = timezone.now() + timedelta(days=7)
        user.profile.save()
    return user
