"""Members, discussion categories and networks, threads and posts, and what keeps them safe.

Posts keep the member's raw Markdown and the sanitised HTML rendered from it, with the policy
version used (see markup.py). Moderation never deletes: posts are hidden or soft-deleted and every
moderator action is logged.
"""

import hashlib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify

from . import visibility
from .markup import POLICY_VERSION, mentioned_handles, render_markdown
from .querysets import (
    CategoryQuerySet,
    MemberProfileQuerySet,
    ModerationLogQuerySet,
    NotificationQuerySet,
    PostQuerySet,
    ThreadQuerySet,
)


class MemberProfile(models.Model):
    """What a member tells others about themselves; only opted-in members appear in the directory."""

    SECTOR_CHOICES = [
        ("nhs", "NHS"),
        ("local-authority", "Local authority"),
        ("care-provider", "Care provider"),
        ("voluntary", "Voluntary and community sector"),
        ("housing", "Housing"),
        ("academic", "Research and academia"),
        ("national-body", "National body"),
        ("other", "Other"),
    ]
    REGION_CHOICES = [
        ("north-east", "North East"),
        ("north-west", "North West"),
        ("yorkshire-humber", "Yorkshire and the Humber"),
        ("east-midlands", "East Midlands"),
        ("west-midlands", "West Midlands"),
        ("east-of-england", "East of England"),
        ("london", "London"),
        ("south-east", "South East"),
        ("south-west", "South West"),
    ]
    EMAIL_IMMEDIATE, EMAIL_DAILY, EMAIL_OFF = "immediate", "daily", "off"
    EMAIL_CHOICES = [
        (EMAIL_IMMEDIATE, "Email me straight away"),
        (EMAIL_DAILY, "One email a day, listing everything new"),
        (EMAIL_OFF, "No emails, I will check my notifications page"),
    ]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField("Name", max_length=80)
    role = models.CharField("Job title or role", max_length=120, blank=True)
    organisation = models.CharField(max_length=160, blank=True)
    sector = models.CharField(max_length=30, choices=SECTOR_CHOICES, blank=True)
    region = models.CharField(max_length=30, choices=REGION_CHOICES, blank=True)
    pioneer = models.ForeignKey(
        "cms.PioneerProfilePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
        help_text="The pioneer you work in or with, if any.",
    )
    themes = models.ManyToManyField(
        "cms.Theme", blank=True, related_name="members", verbose_name="Themes you know about"
    )
    expert_themes = models.ManyToManyField(
        "cms.Theme",
        blank=True,
        related_name="experts",
        help_text="Set by editors: themes this member is a recognised expert in.",
    )
    bio = models.TextField("About you", max_length=600, blank=True)
    contactable = models.BooleanField(
        "Happy to be contacted",
        default=False,
        help_text="Show me in the member directory and let members ask me questions.",
    )
    email_notifications = models.CharField(max_length=20, choices=EMAIL_CHOICES, default=EMAIL_IMMEDIATE)
    suspended_until = models.DateTimeField(null=True, blank=True)
    suspension_reason = models.CharField(max_length=300, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    handle_chosen = models.BooleanField(
        default=False,
        help_text="The member chose their handle; until then it is random and nobody can mention them.",
    )

    DEFAULT_NAME = "ICASE member"

    objects = MemberProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("community:member", args=[self.user.username])

    @property
    def handle(self):
        return self.user.username

    @property
    def is_suspended(self):
        return bool(self.suspended_until and self.suspended_until > timezone.now())

    @classmethod
    def for_user(cls, user):
        """The member's profile, made on first use. The name shown is never taken from the email
        address: it is the name given at sign-up (or in the admin), or "ICASE member" until set."""
        profile, _ = cls.objects.get_or_create(
            user=user, defaults={"display_name": user.get_full_name() or cls.DEFAULT_NAME}
        )
        return profile

    @staticmethod
    def mentionable(handles):
        """The members that @handles (lower case) refer to: active members who chose their handle."""
        return (
            get_user_model()
            .objects.annotate(handle=Lower("username"))
            .filter(handle__in=handles, is_active=True, profile__handle_chosen=True)
        )


class Category(models.Model):
    """Where threads live: one per theme, plus the programme's networks (which may be private)."""

    THEME, NETWORK = "theme", "network"
    KIND_CHOICES = [(THEME, "Theme"), (NETWORK, "Network")]

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=KIND_CHOICES, default=THEME)
    theme = models.OneToOneField(
        "cms.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="category"
    )
    description = models.TextField()
    is_private = models.BooleanField(
        default=False, help_text="Only approved members of a private network can see or join its threads."
    )
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="managed_networks")
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name_plural = "categories"
        permissions = [("moderate", "Can moderate discussions")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:category", args=[self.slug])

    @property
    def label(self):
        """A theme's category is named as the theme is everywhere else (Theme.label, with its
        acronym); a network by its own name."""
        return self.theme.label if self.theme_id else self.name

    @property
    def visibility_tokens(self):
        """Who may find this category's threads in search (see visibility.py)."""
        return visibility.category_tokens(self)


class NetworkMembership(models.Model):
    PENDING, APPROVED, DECLINED = "pending", visibility.NETWORK_MEMBER, "declined"
    STATUS_CHOICES = [(PENDING, "Waiting for approval"), (APPROVED, "Member"), (DECLINED, "Declined")]

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["category", "user"], name="one_membership_per_network")
        ]

    def __str__(self):
        return f"{self.user} in {self.category} ({self.status})"


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads")
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussion_threads",
        help_text="The case study, toolkit, event or pioneer this thread discusses.",
    )
    addressed_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="questions_received"
    )
    status = models.CharField(
        max_length=20, default="approved", help_text="Follows its first post while that waits for review."
    )
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    accepted_post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    reply_count = models.PositiveIntegerField(default=0)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        ordering = ["-is_pinned", "-last_activity_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80] or "thread"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("community:thread", args=[self.pk, self.slug])

    def can_view(self, user):
        return visibility.can_view_thread(user, self)

    @cached_property
    def first_post_id(self):
        return self.posts.order_by("created_at", "pk").values_list("pk", flat=True).first()

    @property
    def first_post(self):
        return self.posts.order_by("created_at", "pk").first()

    def refresh_counts(self):
        replies = self.posts.published()
        latest = replies.order_by("-created_at").values_list("created_at", flat=True).first()
        Thread.objects.filter(pk=self.pk).update(
            reply_count=max(0, replies.count() - 1), last_activity_at=latest or self.created_at
        )

    @property
    def reading_state(self):
        """ "new" (never opened, started since the reader joined) or "new-replies" (activity since
        the reader last opened it), when the list was annotated by `with_reading_state`."""
        if not hasattr(self, "seen_at"):
            return ""
        if self.seen_at is None:
            return "new" if self.created_at > self.reader_joined_at else ""
        return "new-replies" if self.last_activity_at > self.seen_at else ""


class ThreadVisit(models.Model):
    """When a member last opened a thread, so thread lists can mark what is new to them (as
    Discourse marks new and unread topics). One row per member and thread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    last_seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_visit_per_member_and_thread")
        ]

    def __str__(self):
        return f"{self.user} last read {self.thread} at {self.last_seen_at:%Y-%m-%d %H:%M}"


class Post(models.Model):
    APPROVED, PENDING, REJECTED = visibility.PUBLISHED, "pending", visibility.REJECTED
    STATUS_CHOICES = [(APPROVED, "Published"), (PENDING, "Waiting for review"), (REJECTED, "Rejected")]

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    raw = models.TextField()
    html = models.TextField(editable=False)
    policy_version = models.PositiveSmallIntegerField(editable=False)
    content_hash = models.CharField(max_length=64, db_index=True, editable=False)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=APPROVED)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Post {self.pk} in {self.thread}"

    def save(self, *args, **kwargs):
        if not self.html or self.policy_version != POLICY_VERSION:
            self.render()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"

    @staticmethod
    def hash_text(raw):
        return hashlib.sha256(" ".join(raw.lower().split()).encode()).hexdigest()

    @staticmethod
    def html_for(raw):
        """The HTML `raw` Markdown becomes in a post: what is stored, and what a preview shows."""
        handles = mentioned_handles(raw)
        known = set(MemberProfile.mentionable(handles).values_list("handle", flat=True)) if handles else set()
        return render_markdown(raw, known)

    def render(self):
        """Render raw Markdown under the current sanitiser policy."""
        self.html = self.html_for(self.raw)
        self.policy_version = POLICY_VERSION
        self.content_hash = self.hash_text(self.raw)

    @property
    def is_visible(self):
        return self.status == visibility.PUBLISHED and not self.is_hidden and self.deleted_at is None


class PostRevision(models.Model):
    """The text a post had before each edit, for moderators."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    raw = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Earlier text of post {self.post_id}"


class Reaction(models.Model):
    """A "helpful" mark: one per member per post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_reaction_per_member")]

    def __str__(self):
        return f"{self.user} found post {self.post_id} helpful"


class Flag(models.Model):
    REASON_CHOICES = [
        ("spam", "Spam or advertising"),
        ("abuse", "Rude, abusive or discriminatory"),
        ("personal-data", "Shares someone's personal or patient information"),
        ("off-topic", "Off topic"),
        ("other", "Something else"),
    ]

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=REASON_CHOICES)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="one_flag_per_member")]

    def __str__(self):
        return f"{self.user} flagged post {self.post_id}: {self.reason}"


class Follow(models.Model):
    """Follow a thread, a category or a theme (a theme covers its category and attached threads)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    theme = models.ForeignKey("cms.Theme", null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(thread__isnull=False, category__isnull=True, theme__isnull=True)
                    | Q(thread__isnull=True, category__isnull=False, theme__isnull=True)
                    | Q(thread__isnull=True, category__isnull=True, theme__isnull=False)
                ),
                name="follow_exactly_one_target",
            ),
            models.UniqueConstraint(fields=["user", "thread"], name="one_follow_per_thread"),
            models.UniqueConstraint(fields=["user", "category"], name="one_follow_per_category"),
            models.UniqueConstraint(fields=["user", "theme"], name="one_follow_per_theme"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.thread or self.category or self.theme}"


class Notification(models.Model):
    REPLY, MENTION, QUESTION, NEW_THREAD, ANSWER, MODERATION = (
        "reply",
        "mention",
        "question",
        "new-thread",
        "answer",
        "moderation",
    )
    MEMBERSHIP, REVIEW, EVENT, BARRIER = ("membership", "review", "event", "barrier")
    KIND_CHOICES = [
        (REPLY, "Replies"),
        (MENTION, "Mentions"),
        (QUESTION, "Questions to you"),
        (NEW_THREAD, "New threads"),
        (ANSWER, "Answers"),
        (MODERATION, "Moderation"),
        (MEMBERSHIP, "Networks"),
        (REVIEW, "Content reviews"),
        (EVENT, "Events"),
        (BARRIER, "Barriers you follow"),
    ]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.message


class ModerationLog(models.Model):
    """Every moderator action, who took it and why."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40)
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ModerationLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.actor} {self.action}"
