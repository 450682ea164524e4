"""Every account gets a member profile, so posting and notifications never meet a missing one;
whatever changes who may see a thread or a profile (a network made private, a post published,
hidden or deleted, an account deactivated, profile themes) reaches the search index; Programme
review outcomes reach the people involved as on-site notifications (Wagtail sends the review
emails); a notification saved or deleted renews its member's unread count (unread.py)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse

from wagtail.signals import task_submitted, workflow_approved, workflow_cancelled, workflow_rejected

from search.indexing import record_change

from . import visibility
from .models import Category, MemberProfile, NetworkMembership, Notification, Post
from .services import notify
from .unread import counts_changed


def _connect_audience_changes():
    """Who belongs to or manages a network, and a member's groups (moderators), decide what they
    may see: a change makes any audience worked out before it out of date (visibility.audience)."""
    changed = visibility.audiences_changed
    for model in (NetworkMembership, Category):
        post_save.connect(changed, sender=model, dispatch_uid=f"community-audience-{model.__name__}-saved")
        post_delete.connect(
            changed, sender=model, dispatch_uid=f"community-audience-{model.__name__}-deleted"
        )
    m2m_changed.connect(changed, sender=Category.managers.through, dispatch_uid="community-audience-managers")
    groups = get_user_model().groups.through
    m2m_changed.connect(changed, sender=groups, dispatch_uid="community-audience-groups")


_connect_audience_changes()


@receiver(post_save, sender=Notification, dispatch_uid="community-unread-on-save")
@receiver(post_delete, sender=Notification, dispatch_uid="community-unread-on-delete")
def unread_count_changed(sender, instance, **kwargs):
    counts_changed([instance.user_id])


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="community-profile-for-new-user")
def create_profile(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        MemberProfile.for_user(instance)
    elif update_fields is None or set(update_fields) - {"last_login", "password"}:
        # Deactivating an account takes its profile out of search (and back on reactivation).
        profile = MemberProfile.objects.filter(user=instance).first()
        if profile is not None:
            record_change(profile)


@receiver(post_save, sender=Category, dispatch_uid="community-category-reindex")
def reindex_category_threads(sender, instance, raw=False, **kwargs):
    """A network made private (or public, or renamed) changes who may find each of its threads."""
    if raw:
        return
    for thread in instance.threads.all():
        record_change(thread)


@receiver(post_save, sender=Post, dispatch_uid="community-post-reindex")
def reindex_post_thread(sender, instance, raw=False, **kwargs):
    """A post published, hidden, restored or deleted changes its thread's indexed text."""
    if not raw:
        record_change(instance.thread)


def reindex_profile(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, MemberProfile):
        record_change(instance)


m2m_changed.connect(
    reindex_profile, sender=MemberProfile.themes.through, dispatch_uid="community-profile-themes"
)
m2m_changed.connect(
    reindex_profile, sender=MemberProfile.expert_themes.through, dispatch_uid="community-profile-experts"
)


def _review_notice(users, message, url, actor):
    notify(
        [user for user in users if user is not None],
        Notification.REVIEW,
        message,
        url=url,
        actor=actor,
        email=False,
    )


def _outcome_notice(submitter, message, admin_url, member_url, actor):
    """The outcome of a review for whoever sent the page in. Editors get Wagtail's email and a link
    to the admin; a member who shared a story cannot open the admin (cms.stories switches Wagtail's
    emails off for them), so ICASE emails them itself and links to the site."""
    if submitter is None:
        return
    if submitter.has_perm("wagtailadmin.access_admin"):
        _review_notice([submitter], message, admin_url, actor)
    else:
        notify([submitter], Notification.REVIEW, message, url=member_url, actor=actor)


@receiver(task_submitted, dispatch_uid="community-review-submitted")
def review_submitted(sender, instance, user=None, **kwargs):
    reviewers = []
    task = instance.task.specific
    for group in task.groups.all() if hasattr(task, "groups") else []:
        reviewers += list(group.user_set.filter(is_active=True))
    page = instance.workflow_state.content_object
    who = MemberProfile.for_user(user).display_name if user else "Someone"
    _review_notice(
        {reviewer.pk: reviewer for reviewer in reviewers if reviewer != user}.values(),
        f"{who} submitted “{page.title}” for Programme review",
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        user,
    )


@receiver(workflow_approved, dispatch_uid="community-review-approved")
def review_approved(sender, instance, user=None, **kwargs):
    page = instance.content_object
    message = f"“{page.title}” was approved and published"
    _outcome_notice(instance.requested_by, message, page.url or "/", page.url or "/", user)


@receiver(workflow_rejected, dispatch_uid="community-review-rejected")
def review_rejected(sender, instance, user=None, **kwargs):
    page = instance.content_object
    comment = instance.current_task_state.comment if instance.current_task_state else ""
    message = f"Changes requested on “{page.title}”" + (f": {comment}" if comment else "")
    admin_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    _outcome_notice(instance.requested_by, message, admin_url, reverse("your_stories"), user)


@receiver(workflow_cancelled, dispatch_uid="community-review-declined")
def review_declined(sender, instance, user=None, **kwargs):
    """A reviewer's "Reject" ends the review; a submitter withdrawing it needs no notice."""
    rejected = instance.task_states.filter(status="rejected").order_by("-finished_at").first()
    if rejected is None or user == instance.requested_by:
        return
    page = instance.content_object
    message = f"“{page.title}” was not accepted for publication" + (
        f": {rejected.comment}" if rejected.comment else ""
    )
    # Wagtail sends no email when a review ends this way, so this notice also goes by email.
    notify(
        [instance.requested_by],
        Notification.REVIEW,
        message,
        url=reverse("your_stories")
        if not instance.requested_by.has_perm("wagtailadmin.access_admin")
        else reverse("community:notifications"),
        actor=user,
    )
