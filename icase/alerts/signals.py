"""Publishing a page, or a thread becoming visible, queues matching once the change is committed
(so a rolled-back save never alerts anyone, and publishing never waits for matching). A thread
becomes visible when it is saved published (started by a trusted member, moved) or when a
moderator approves its first post (the thread itself is then updated in place, without a save)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from icase.community.models import Post, Thread
from icase.community.visibility import PUBLISHED

from .tasks import match_published_page, match_visible_thread


@receiver(page_published, dispatch_uid="alerts-match-published-page")
def match_on_publish(sender, instance, **kwargs):
    page_id = instance.pk
    transaction.on_commit(lambda: match_published_page.enqueue(page_id))


@receiver(post_save, sender=Thread, dispatch_uid="alerts-match-visible-thread")
def match_on_visible(sender, instance, raw=False, **kwargs):
    if raw or instance.status != PUBLISHED or instance.is_hidden:
        return
    thread_id = instance.pk
    transaction.on_commit(lambda: match_visible_thread.enqueue(thread_id))


@receiver(post_save, sender=Post, dispatch_uid="alerts-match-thread-on-first-post")
def match_on_first_post(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_visible or instance.thread.first_post_id != instance.pk:
        return
    thread_id = instance.thread_id
    transaction.on_commit(lambda: match_visible_thread.enqueue(thread_id))
