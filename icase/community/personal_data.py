"""The community's personal data, for members' downloads and erasure (icase/privacy/registry.py).

Erasing a member keeps discussions readable: their threads, posts, earlier versions of posts and
moderation records move to one shared placeholder account shown as "Former member", which nobody
can sign in to, mention or find in the directory. The member chooses whether their posts keep
their text; when they do not, each post is emptied and shows as deleted by its author, in place.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from search.indexing import record_change

from .models import MemberProfile, ModerationLog, NetworkMembership, Notification, Post, PostRevision, Thread

FORMER_MEMBER_USERNAME = "former-member"
FORMER_MEMBER_NAME = "Former member"


def former_member():
    """The placeholder account erased members' contributions move to (inactive, no email)."""
    user, created = get_user_model().objects.get_or_create(
        username=FORMER_MEMBER_USERNAME, defaults={"is_active": False, "email": ""}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    MemberProfile.objects.update_or_create(
        user=user, defaults={"display_name": FORMER_MEMBER_NAME, "contactable": False, "handle_chosen": False}
    )
    return user


def _export_profile(user):
    profile = MemberProfile.objects.filter(user=user).select_related("pioneer").first()
    if profile is None:
        return []
    return [
        {
            "display_name": profile.display_name,
            "handle": profile.handle,
            "handle_chosen": profile.handle_chosen,
            "role": profile.role,
            "organisation": profile.organisation,
            "sector": profile.get_sector_display(),
            "region": profile.get_region_display(),
            "pioneer": profile.pioneer.title if profile.pioneer else "",
            "themes": ", ".join(profile.themes.values_list("name", flat=True)),
            "expert_themes": ", ".join(profile.expert_themes.values_list("name", flat=True)),
            "bio": profile.bio,
            "contactable": profile.contactable,
            "email_notifications": profile.get_email_notifications_display(),
            "suspended_until": profile.suspended_until,
            "suspension_reason": profile.suspension_reason,
        }
    ]


def _export_threads(user):
    rows = []
    for thread in (
        Thread.objects.filter(Q(author=user) | Q(addressed_to=user)).distinct().select_related("category")
    ):
        rows.append(
            {
                "title": thread.title,
                "category": thread.category.name,
                "started_by_you": thread.author_id == user.pk,
                "addressed_to_you": thread.addressed_to.filter(pk=user.pk).exists(),
                "created_at": thread.created_at,
                "address": thread.get_absolute_url(),
            }
        )
    return rows


def _export_memberships(user):
    return list(
        NetworkMembership.objects.filter(user=user).values(
            "category__name", "status", "requested_at", "decided_at"
        )
    )


def _erase_threads(user, choices):
    """Threads keep their titles so others' replies keep their context; a thread only the member
    wrote in goes entirely when they ask for their posts' text to go."""
    if not choices.keep_post_content:
        Thread.objects.filter(author=user).exclude(posts__in=Post.objects.exclude(author=user)).delete()
    replacement = former_member()
    threads = list(Thread.objects.filter(author=user))
    Thread.objects.filter(author=user).update(author=replacement)
    for thread in threads:
        record_change(thread)


def _erase_posts(user, choices):
    replacement = former_member()
    posts = Post.objects.filter(author=user)
    threads = {post.thread for post in posts.select_related("thread")}
    if not choices.keep_post_content:
        PostRevision.objects.filter(post__in=posts).delete()
        posts.update(raw="", html="", content_hash="", deleted_at=timezone.now())
    posts.update(author=replacement)
    for thread in threads:
        thread.refresh_counts()
        record_change(thread)


def _erase_revisions(user, choices):
    PostRevision.objects.filter(edited_by=user).update(edited_by=former_member())


def _erase_memberships(user, choices):
    NetworkMembership.objects.filter(user=user).delete()


def _erase_notifications(user, choices):
    """Others' notifications about what the member did keep their sense, not the member's name."""
    name = MemberProfile.objects.filter(user=user).values_list("display_name", flat=True).first()
    if name:
        for notification in Notification.objects.filter(actor=user).exclude(user=user):
            notification.message = notification.message.replace(name, FORMER_MEMBER_NAME)[:300]
            notification.save(update_fields=["message"])
    Notification.objects.filter(user=user).delete()


def _erase_moderation_log(user, choices):
    ModerationLog.objects.filter(actor=user).update(actor=former_member())


PERSONAL_DATA = [
    {
        "model": "community.ThreadVisit",
        "fields": ["user"],
        "export": ["thread__title", "last_seen_at"],  # when they last opened each thread
    },
    {"model": "community.MemberProfile", "fields": ["user"], "export": _export_profile},
    {
        "model": "community.Category",
        "fields": ["managers"],
        "export": ["name", "slug"],  # the networks the member manages
    },
    {
        "model": "community.NetworkMembership",
        "fields": ["user", "decided_by"],
        "export": _export_memberships,  # their own; decisions about others name those others
        "erase": _erase_memberships,
    },
    {
        "model": "community.Thread",
        "fields": ["author", "addressed_to"],
        "export": _export_threads,
        "erase": _erase_threads,
    },
    {
        "model": "community.Post",
        "fields": ["author"],
        "export": [
            "id",
            "thread__title",
            "raw",
            "status",
            "is_hidden",
            "created_at",
            "edited_at",
            "deleted_at",
        ],
        "erase": _erase_posts,
    },
    {
        "model": "community.PostRevision",
        "fields": ["edited_by"],
        "export": ["post_id", "raw", "created_at"],
        "erase": _erase_revisions,
    },
    {"model": "community.Reaction", "fields": ["user"], "export": ["post_id", "created_at"]},
    {
        "model": "community.Flag",
        "fields": ["user"],
        "export": ["post_id", "reason", "detail", "created_at", "resolved_at"],
    },
    {
        "model": "community.Follow",
        "fields": ["user"],
        "export": ["thread__title", "category__name", "theme__name"],
    },
    {
        "model": "community.Notification",
        "fields": ["user", "actor"],
        "export": ["kind", "message", "url", "created_at", "read_at", "emailed_at"],
        "erase": _erase_notifications,
    },
    {
        "model": "community.ModerationLog",
        "fields": ["actor", "member"],
        "export": ["action", "reason", "created_at"],
        "erase": _erase_moderation_log,
    },
]
