"""Keeping the index current as editors work.

Every change is written to the outbox in the same transaction as the edit, then applied after
commit through the task API. If Elasticsearch is down the entry stays pending and is replayed
later (by the next successful update, `search_index replay`, or a rebuild), so saving and
publishing never fail because of search and no edit is lost.
"""

import logging
from datetime import timedelta

from django_tasks import task

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import backend
from .documents import registry
from .index import alias_name, ensure_index
from .models import IndexOutboxEntry

logger = logging.getLogger(__name__)
DRAIN_BATCH = 100
MAX_ATTEMPTS = 10


def _is_visible(document, obj):
    return document.get_queryset().filter(pk=obj.pk).exists()


def record_change(obj, document_id=None):
    """Write an outbox entry for `obj` and apply it once the surrounding transaction commits."""
    if not backend.elasticsearch_url():
        return None  # database search only: nothing to keep in step; a rebuild starts from the database
    obj = obj.specific if isinstance(obj, Page) else obj
    document = registry.for_instance(obj)
    if document is None:
        return None
    entry = IndexOutboxEntry.objects.create(
        document_id=document_id or document.document_id(obj),
        model_label=obj._meta.label,
        object_pk=str(obj.pk),
    )
    transaction.on_commit(lambda: _enqueue(entry.pk))
    return entry


def _enqueue(entry_id):
    try:
        apply_outbox_entry.enqueue(entry_id)
    except Exception:  # a queue outage must not fail the editor's save; replay picks it up
        logger.exception("Could not enqueue search index update %s", entry_id)


def _apply(client, entry, index):
    model = apps.get_model(entry.model_label)
    obj = model._default_manager.filter(pk=entry.object_pk).first()
    document = registry.for_instance(obj) if obj is not None else None
    if document is not None and _is_visible(document, obj):
        client.index(index=index, id=entry.document_id, document=document.to_document(obj))
    else:
        client.options(ignore_status=404).delete(index=index, id=entry.document_id)


def apply_entries(entries, index=None, mark_processed=True):
    """Apply outbox entries; returns how many succeeded. Raises SearchUnavailable if ES is down,
    after recording the failed attempt on the entries not yet applied."""
    target = index or alias_name()
    done = 0
    try:
        if index is None:
            ensure_index()  # never let a write auto-create a concrete index under the alias's name
        for entry in entries:
            backend.call(lambda client, entry=entry: _apply(client, entry, target))
            if mark_processed:
                done_now = {"processed_at": timezone.now(), "last_error": ""}
                IndexOutboxEntry.objects.filter(pk=entry.pk).update(**done_now)
            done += 1
    except backend.SearchUnavailable as error:
        for entry in entries[done:]:
            IndexOutboxEntry.objects.filter(pk=entry.pk).update(
                attempts=entry.attempts + 1, last_error=str(error)[:2000]
            )
        raise
    return done


def retry_delay(attempts):
    """Exponential backoff for a failed update: 30 s, 1 min, 2 min ... capped at one hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def schedule_retry(entry_id, attempts):
    """Try again later through the task queue, where the backend can defer work (the database
    queue in production). Elsewhere the entry waits for the next update or `search_index replay`."""
    if attempts >= MAX_ATTEMPTS or not apply_outbox_entry.get_backend().supports_defer:
        return False
    apply_outbox_entry.using(run_after=timezone.now() + retry_delay(attempts)).enqueue(entry_id)
    return True


@task()
def apply_outbox_entry(entry_id):
    """Apply one change, then drain anything left pending from an earlier outage."""
    entry = IndexOutboxEntry.objects.filter(pk=entry_id, processed_at__isnull=True).first()
    try:
        if entry is not None:
            apply_entries([entry])
        pending = IndexOutboxEntry.objects.filter(processed_at__isnull=True)[:DRAIN_BATCH]
        apply_entries(list(pending))
    except backend.SearchUnavailable as error:
        logger.warning("Search index update deferred (Elasticsearch unavailable): %s", error)
        if entry is not None:
            entry.refresh_from_db()
            schedule_retry(entry.pk, entry.attempts)
        return "deferred"
    return "applied"


def replay_outbox(since=None, index=None):
    """Apply pending entries (and, for a rebuild, every entry since it started) to `index`."""
    entries = IndexOutboxEntry.objects.filter(processed_at__isnull=True)
    if since is not None:
        entries = IndexOutboxEntry.objects.filter(created_at__gte=since) | entries
    latest = {}
    for entry in entries.order_by("created_at", "pk"):
        latest[entry.document_id] = entry  # only the newest state of each document matters
    applied = apply_entries(list(latest.values()), index=index)
    stale_ids = [entry.pk for entry in entries if entry.processed_at is None and entry.document_id in latest]
    IndexOutboxEntry.objects.filter(pk__in=stale_ids).update(processed_at=timezone.now())
    return applied


# Signal handlers ---------------------------------------------------------------------------


def _safely(handler):
    def wrapper(*args, **kwargs):
        try:
            handler(*args, **kwargs)
        except Exception:  # indexing problems must never break an editor's action
            logger.exception("Search indexing hook failed")

    return wrapper


@_safely
def on_page_changed(sender, instance, **kwargs):
    record_change(instance)


@_safely
def on_deleted(sender, instance, **kwargs):
    model = instance.specific_class if isinstance(instance, Page) else type(instance)
    document = registry.for_model(model)
    if document is None or not backend.elasticsearch_url():
        return
    entry = IndexOutboxEntry.objects.create(
        document_id=document.document_id(instance), model_label=model._meta.label, object_pk=str(instance.pk)
    )
    transaction.on_commit(lambda: _enqueue(entry.pk))


@_safely
def on_page_moved(sender, instance, **kwargs):
    for page in instance.get_descendants(inclusive=True).specific():
        record_change(page)


@_safely
def on_restriction_changed(sender, instance, **kwargs):
    for page in instance.page.get_descendants(inclusive=True).specific():
        record_change(page)


@_safely
def on_snippet_changed(sender, instance, **kwargs):
    record_change(instance)


def connect_signals():
    page_published.connect(on_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(on_page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(on_page_moved, dispatch_uid="search-page-moved")
    post_delete.connect(on_deleted, sender=Page, dispatch_uid="search-page-deleted")
    post_save.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-saved"
    )
    post_delete.connect(
        on_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-restriction-deleted"
    )
    for document in registry.documents:
        if document.model is not None and not issubclass(document.model, Page):
            post_save.connect(
                on_snippet_changed, sender=document.model, dispatch_uid=f"search-{document.type}-saved"
            )
            post_delete.connect(
                on_deleted, sender=document.model, dispatch_uid=f"search-{document.type}-deleted"
            )
