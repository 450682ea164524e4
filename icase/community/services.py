"""What happens when members post, and the rules that keep discussions useful.

Views call these functions and show `PostingRefused.message` to the member, keeping what they
typed. The limits come from settings.COMMUNITY and stay on in tests. `check_can_post` is the one
set of posting rules: new threads, replies and edits all pass it, so an edit can never do what a
new post may not (suspension, locked threads, networks, length, links, mentions, rate limits).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from icase.privacy import audit
from icase.privacy.models import AuditEvent
from search.indexing import record_change

from .markup import link_count, mentioned_handles
from .models import (
    Category,
    Flag,
    Follow,
    MemberProfile,
    ModerationLog,
    Notification,
    Post,
    PostRevision,
    Reaction,
    Thread,
)
from .tasks import send_notification_email
from .text import single_line
from .visibility import can_be_notified, can_view_category, is_moderator, may_receive

logger = logging.getLogger(__name__)


class PostingRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def limits():
    return settings.COMMUNITY


def is_trusted(user):
    """Members with enough published posts skip pre-moderation and the new-member link cap."""
    if is_moderator(user) or user.is_staff:
        return True
    published = Post.objects.published().filter(author=user).count()
    return published >= limits()["PREMODERATED_POSTS"]


def check_can_post(user, raw, thread=None, category=None, post=None):
    """Refuse (PostingRefused) what `user` may not write: a new thread in `category`, a reply in
    `thread`, or, with `post`, an edit of that post. Moderators skip only the spam limits."""
    editing = post is not None
    if editing:
        thread = post.thread
        if post.deleted_at is not None:
            raise PostingRefused("This post has been deleted.")
    profile = MemberProfile.for_user(user)
    if profile.is_suspended:
        until = timezone.localtime(profile.suspended_until).strftime("%d %B %Y")
        raise PostingRefused(f"Your account is suspended from posting until {until}.")
    if thread is not None and thread.is_locked and not is_moderator(user):
        raise PostingRefused(
            "This thread is locked, so its posts cannot be edited."
            if editing
            else "This thread is locked, so no new replies can be added."
        )
    category = category or thread.category
    if not can_view_category(user, category):
        raise PostingRefused("Only members of this network can post here.")
    if not raw.strip():
        raise PostingRefused("Enter your message.")
    if len(raw) > limits()["MAX_POST_LENGTH"]:
        raise PostingRefused(f"Your message must be {limits()['MAX_POST_LENGTH']:,} characters or fewer.")
    if len(mentioned_handles(raw)) > limits()["MAX_MENTIONS"]:
        raise PostingRefused(
            f"You can mention up to {limits()['MAX_MENTIONS']} members in a post. "
            "Remove some @mentions and try again."
        )
    if is_moderator(user):
        return
    _check_rate(user, editing)
    since = timezone.now() - timedelta(hours=limits()["DUPLICATE_WINDOW_HOURS"])
    duplicates = Post.objects.filter(
        author=user, content_hash=Post.hash_text(raw), created_at__gte=since, deleted_at__isnull=True
    )
    if editing:
        duplicates = duplicates.exclude(pk=post.pk)
    if duplicates.exists():
        raise PostingRefused("You have already posted this message. Edit your earlier post instead.")
    if not is_trusted(user) and link_count(raw) > limits()["NEW_MEMBER_LINKS"]:
        raise PostingRefused(
            f"New members can include up to {limits()['NEW_MEMBER_LINKS']} links in a post. "
            "Remove some links; the limit lifts after your first posts are published."
        )


def _check_rate(user, editing):
    """New posts and edits each have their own rate (as Discourse limits edits separately)."""
    minutes = limits()["POSTING_WINDOW_MINUTES"]
    window = timezone.now() - timedelta(minutes=minutes)
    if editing:
        allowed, done = limits()["EDITS_PER_WINDOW"], "edited posts"
        count = PostRevision.objects.filter(edited_by=user, created_at__gte=window).count()
    else:
        allowed, done = limits()["POSTS_PER_WINDOW"], "posted"
        count = Post.objects.filter(author=user, created_at__gte=window).count()
    if count >= allowed:
        raise PostingRefused(
            f"You have {done} {allowed} times in the last {minutes} minutes. "
            "Please wait a few minutes and try again."
        )


def _status_for(user):
    return Post.APPROVED if is_trusted(user) else Post.PENDING


@transaction.atomic
def start_thread(user, category, title, raw, page=None, addressed_to=()):
    check_can_post(user, raw, category=category)
    status = _status_for(user)
    thread = Thread.objects.create(
        category=category, title=single_line(title), author=user, page=page, status=status
    )
    if addressed_to:
        thread.addressed_to.set(addressed_to)
    post = Post.objects.create(thread=thread, author=user, raw=raw, status=status)
    Follow.objects.get_or_create(user=user, thread=thread)
    if status == Post.APPROVED:
        post_published(post)
    return thread


@transaction.atomic
def reply(user, thread, raw, reply_to=None):
    check_can_post(user, raw, thread=thread)
    post = Post.objects.create(
        thread=thread, author=user, raw=raw, reply_to=reply_to, status=_status_for(user)
    )
    Follow.objects.get_or_create(user=user, thread=thread)
    if post.status == Post.APPROVED:
        post_published(post)
    return post


@transaction.atomic
def edit(user, post, raw):
    """Change a post's text under the same rules as a new post.

    A published post edited by a member who is not yet trusted goes back to "Waiting for review"
    (with its thread, when it opens one) until a moderator approves it: their edits are new text a
    moderator has not seen, like their first posts. Discourse checks edits with the same validators
    as new posts (links, mentions, length) and can queue edits for review; ICASE pre-moderates new
    members, so their edited text is held rather than shown first and reviewed later.
    """
    check_can_post(user, raw, post=post)
    if raw == post.raw:
        return post
    PostRevision.objects.create(post=post, raw=post.raw, edited_by=user)
    was_published = post.status == Post.APPROVED
    held = was_published and not is_trusted(user)
    post.raw = raw
    post.edited_at = timezone.now()
    if held:
        post.status = Post.PENDING
    post.render()
    post.save()
    thread = post.thread
    if was_published and not held:
        post_published(post, edited=True)
        return post
    if held and thread.first_post == post:
        Thread.objects.filter(pk=thread.pk).update(status=Post.PENDING)
        thread.refresh_from_db()
    thread.refresh_counts()
    _changed(thread)
    return post


@transaction.atomic
def delete(user, post):
    post.deleted_at = timezone.now()
    post.save(update_fields=["deleted_at"])
    if post.thread.first_post == post:
        post.thread.is_hidden = True
        post.thread.save(update_fields=["is_hidden"])
    post.thread.refresh_counts()
    _changed(post.thread)


def toggle_helpful(user, post):
    reaction, created = Reaction.objects.get_or_create(post=post, user=user)
    if not created:
        reaction.delete()
    return created


def set_answer(user, post):
    thread = post.thread
    thread.accepted_post = None if thread.accepted_post_id == post.pk else post
    thread.save(update_fields=["accepted_post"])
    if thread.accepted_post and post.author_id != user.pk:
        notify(
            [post.author],
            Notification.ANSWER,
            f"{_name(user)} marked your reply as the answer in “{thread.title}”",
            post,
            actor=user,
        )


def flag(user, post, reason, detail=""):
    """Record a member's flag; enough flags from different members hide the post until reviewed."""
    _, created = Flag.objects.get_or_create(
        post=post, user=user, defaults={"reason": reason, "detail": detail}
    )
    open_flags = post.flags.filter(resolved_at__isnull=True).count()
    if open_flags >= limits()["FLAGS_TO_HIDE"] and not post.is_hidden:
        post.is_hidden = True
        post.save(update_fields=["is_hidden"])
        if post.thread.first_post == post:
            Thread.objects.filter(pk=post.thread_id).update(is_hidden=True)
        post.thread.refresh_counts()
        _changed(post.thread)
    return created


# Publishing effects and notifications ------------------------------------------------------


def _name(user):
    return MemberProfile.for_user(user).display_name


def _changed(thread):
    record_change(thread)


def post_published(post, edited=False):
    """A post became visible: counts, search, followers, mentions and addressees.

    Each member hears about a post once, however often it is edited or re-approved, and a post
    sends at most MAX_MENTIONS mention notifications in all. After an edit (`edited`) only members
    newly mentioned are told. Inactive, suspended and no-longer-allowed members are told nothing.
    """
    thread = post.thread
    thread.refresh_counts()
    _changed(thread)
    author = post.author
    told = set(Notification.objects.filter(post=post).values_list("user_id", flat=True))
    recipients = {}  # user id -> (kind, message); the first reason wins

    def add(users, kind, message, limit=None):
        added = 0
        for user in users:
            if limit is not None and added >= limit:
                return
            if (
                user.pk in recipients
                or user.pk in told
                or user.pk == author.pk
                or not may_receive(user, thread)
            ):
                continue
            recipients[user.pk] = (user, kind, message)
            added += 1

    is_first = thread.first_post == post
    if is_first and not edited:
        add(thread.addressed_to.all(), Notification.QUESTION, f"{_name(author)} asked you: “{thread.title}”")
    handles = mentioned_handles(post.raw)
    if handles:
        mentioned = sorted(MemberProfile.mentionable(handles), key=lambda user: handles.index(user.handle))
        sent = Notification.objects.filter(post=post, kind=Notification.MENTION).count()
        add(
            mentioned,
            Notification.MENTION,
            f"{_name(author)} mentioned you in “{thread.title}”",
            limit=limits()["MAX_MENTIONS"] - sent,
        )
    if not edited:
        add(*_followers(thread, is_first, author))
    for user, kind, message in recipients.values():
        notify([user], kind, message, post, actor=author)


def _followers(thread, is_first, author):
    """Who follows a new thread (its category and themes) or a reply (the thread), and what to say."""
    if not is_first:
        followers = Follow.objects.filter(thread=thread).select_related("user")
        return (
            [follow.user for follow in followers],
            Notification.REPLY,
            f"{_name(author)} replied to “{thread.title}”",
        )
    followers = Follow.objects.filter(category=thread.category)
    theme_ids = {thread.category.theme_id} - {None}
    if thread.page_id:  # a thread about a case study also reaches the followers of its themes
        themes = getattr(thread.page.specific, "themes", None)
        theme_ids |= set(themes.values_list("pk", flat=True)) if themes is not None else set()
    if theme_ids:
        followers = followers | Follow.objects.filter(theme_id__in=theme_ids)
    return (
        [follow.user for follow in followers.select_related("user")],
        Notification.NEW_THREAD,
        f"New thread in {thread.category.name}: “{thread.title}”",
    )


def notify(users, kind, message, post=None, actor=None, url=None, email=True):
    """Create on-site notifications and send immediate emails after the transaction commits
    (`email=False` where someone else, such as Wagtail's review emails, already writes).
    Inactive and suspended members are sent nothing (visibility.can_be_notified). Returns the
    notifications made."""
    made = []
    for user in users:
        if not can_be_notified(user):
            continue
        notification = Notification.objects.create(
            user=user,
            kind=kind,
            message=message[:300],
            url=url or (post.get_absolute_url() if post else reverse("community:notifications")),
            actor=actor,
            post=post,
        )
        made.append(notification)
        if email and MemberProfile.for_user(user).email_notifications == MemberProfile.EMAIL_IMMEDIATE:
            transaction.on_commit(lambda pk=notification.pk: _enqueue_email(send_notification_email, pk))
    return made


def _enqueue_email(task, notification_id):
    try:
        task.enqueue(notification_id)
    except Exception:  # a mail or queue failure must never lose the post that caused it
        logger.exception("Could not queue notification email %s", notification_id)


# Moderation ---------------------------------------------------------------------------------


def log(actor, action, thread=None, post=None, member=None, reason=""):
    """The moderators' own log, and the site's audit log of sensitive actions."""
    ModerationLog.objects.create(
        actor=actor, action=action, thread=thread, post=post, member=member, reason=reason[:300]
    )
    target = f"post {post.pk}" if post else f"thread {thread.pk}" if thread else "member"
    subject = member or (post.author if post else thread.author if thread else None)
    audit.record(AuditEvent.MODERATION, actor=actor, subject=subject, detail=f"{action}: {target}")


@transaction.atomic
def moderate_post(moderator, post, action, reason=""):
    thread = post.thread
    is_first = thread.first_post == post
    if action == "approve":
        was_waiting = post.status == Post.PENDING
        post.status, post.is_hidden = Post.APPROVED, False
        post.save(update_fields=["status", "is_hidden"])
        post.flags.update(resolved_at=timezone.now())
        if is_first:
            Thread.objects.filter(pk=thread.pk).update(status=Post.APPROVED, is_hidden=False)
            thread.refresh_from_db()
        post_published(post)
        if was_waiting:  # new members were promised they would hear
            notify(
                [post.author],
                Notification.MODERATION,
                f"Your post in “{thread.title}” has been approved and is now published",
                post,
                actor=moderator,
            )
    elif action == "reject":
        post.status = Post.REJECTED
        post.save(update_fields=["status"])
        if is_first:
            Thread.objects.filter(pk=thread.pk).update(status=Post.REJECTED)
        notify(
            [post.author],
            Notification.MODERATION,
            f"A moderator did not publish your post in “{thread.title}”" + (f": {reason}" if reason else ""),
            url=reverse("community:index"),
        )
    elif action in ("hide", "restore"):
        post.is_hidden = action == "hide"
        post.save(update_fields=["is_hidden"])
        if is_first:
            Thread.objects.filter(pk=thread.pk).update(is_hidden=post.is_hidden)
        post.flags.update(resolved_at=timezone.now())
    elif action == "dismiss":
        post.flags.update(resolved_at=timezone.now())
    else:
        raise ValueError(action)
    thread.refresh_counts()
    _changed(thread)
    log(moderator, f"post-{action}", thread=thread, post=post, member=post.author, reason=reason)


@transaction.atomic
def moderate_thread(moderator, thread, action, reason="", category=None):
    fields = {
        "lock": ("is_locked", True),
        "unlock": ("is_locked", False),
        "pin": ("is_pinned", True),
        "unpin": ("is_pinned", False),
        "hide": ("is_hidden", True),
        "unhide": ("is_hidden", False),
    }
    if action == "move":
        if not isinstance(category, Category):
            raise ValueError("A move needs a category")
        thread.category = category
        thread.save(update_fields=["category"])
        reason = reason or f"Moved to {category.name}"
    else:
        name, value = fields[action]
        setattr(thread, name, value)
        thread.save(update_fields=[name])
    _changed(thread)
    log(moderator, f"thread-{action}", thread=thread, member=thread.author, reason=reason)


def suspend(moderator, member, days, reason):
    profile = MemberProfile.for_user(member)
    profile.suspended_until = timezone.now() + timedelta(days=days) if days else None
    profile.suspension_reason = reason if days else ""
    profile.save(update_fields=["suspended_until", "suspension_reason"])
    log(moderator, "member-suspend" if days else "member-unsuspend", member=member, reason=reason)
