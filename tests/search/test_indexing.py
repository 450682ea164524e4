"""The index follows editors' changes, survives outages, and can be rebuilt and reconciled."""

import pytest

from django.test import TestCase

from wagtail.models import PageViewRestriction

from cms.models import CaseStudyPage, Theme
from search import backend, index, maintenance
from search.documents import registry
from search.indexing import replay_outbox
from search.models import IndexOutboxEntry

from .conftest import indexed_ids, refresh

pytestmark = pytest.mark.django_db


def get_document(alias, doc_id):
    return backend.call(lambda client: client.get(index=alias, id=doc_id, ignore=404))


def stored_title(alias, doc_id):
    response = backend.call(lambda client: client.options(ignore_status=404).get(index=alias, id=doc_id))
    return response["_source"]["title"] if response.get("found") else None


def publish_title(page, title):
    page.title = title
    with TestCase.captureOnCommitCallbacks(execute=True):
        page.save_revision().publish()


def expected_ids():
    return {document["id"] for document in registry.all_documents()}


def test_publishing_updates_the_index(fresh_index):
    page = CaseStudyPage.objects.get(slug="kent-integrated-discharge-team")
    publish_title(page, "Kent's integrated discharge team, one year later")
    refresh(fresh_index)
    assert stored_title(fresh_index, f"page-{page.pk}") == "Kent's integrated discharge team, one year later"
    assert IndexOutboxEntry.objects.filter(processed_at__isnull=True).count() == 0


def test_unpublishing_deleting_and_restricting_remove_documents(fresh_index):
    unpublished = CaseStudyPage.objects.get(slug="kent-integrated-discharge-team")
    deleted = CaseStudyPage.objects.get(slug="cheshire-transitional-care")
    private = CaseStudyPage.objects.get(slug="west-norfolk-lily")
    with TestCase.captureOnCommitCallbacks(execute=True):
        unpublished.unpublish()
        deleted.delete()
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    refresh(fresh_index)
    ids = indexed_ids(fresh_index)
    for page_id in (unpublished.pk, deleted.pk, private.pk):
        assert f"page-{page_id}" not in ids
    assert ids == expected_ids()


def test_snippet_changes_reach_the_index(fresh_index):
    theme = Theme.objects.get(slug="dementia")
    with TestCase.captureOnCommitCallbacks(execute=True):
        theme.description = "Dementia services and dementia-friendly communities."
        theme.save()
    refresh(fresh_index)
    response = backend.call(lambda client: client.get(index=fresh_index, id=f"theme-{theme.pk}"))
    assert response["_source"]["summary"] == "Dementia services and dementia-friendly communities."


def test_saving_and_publishing_work_while_elasticsearch_is_down_and_nothing_is_lost(fresh_index, settings):
    live_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    backend.breaker.reset()
    page = CaseStudyPage.objects.get(slug="islington-n19-pilot")
    publish_title(page, "Islington's N19 pilot: what happened next")
    assert CaseStudyPage.objects.get(pk=page.pk).title == "Islington's N19 pilot: what happened next"
    pending = IndexOutboxEntry.objects.filter(processed_at__isnull=True, document_id=f"page-{page.pk}")
    assert pending.exists() and pending.first().attempts >= 1

    settings.ELASTICSEARCH_URL = live_url
    backend.breaker.reset()
    assert replay_outbox() >= 1
    refresh(fresh_index)
    assert stored_title(fresh_index, f"page-{page.pk}") == "Islington's N19 pilot: what happened next"
    assert not IndexOutboxEntry.objects.filter(processed_at__isnull=True).exists()


def test_rebuild_swaps_the_alias_and_keeps_edits_made_during_it(fresh_index):
    page = CaseStudyPage.objects.get(slug="southend-single-point-of-access")
    old_indexes = index.current_indexes(backend.get_client())
    documents = list(registry.all_documents())

    def documents_with_an_edit_halfway():
        for position, document in enumerate(documents):
            if position == len(documents) // 2:
                publish_title(page, "Southend's single point of access, extended to weekends")
            yield document

    result = maintenance.rebuild(batch_documents=documents_with_an_edit_halfway())
    client = backend.get_client()
    assert index.current_indexes(client) == [result["index"]]
    assert result["replaced"] == old_indexes
    assert (
        stored_title(fresh_index, f"page-{page.pk}")
        == "Southend's single point of access, extended to weekends"
    )
    assert indexed_ids(fresh_index) == expected_ids()


def test_search_keeps_answering_from_the_old_index_during_a_rebuild(fresh_index):
    from search.query import run_search
    from search.request import SearchRequest

    seen = []

    def documents_while_searching():
        for document in registry.all_documents():
            if not seen:
                seen.append(run_search(SearchRequest(query="capitated budgets")))
            yield document

    maintenance.rebuild(batch_documents=documents_while_searching())
    assert seen[0].backend == "elasticsearch" and seen[0].total > 0


def test_reconcile_adds_missing_updates_outdated_and_removes_stale(fresh_index):
    client = backend.get_client()
    page = CaseStudyPage.objects.get(slug="leeds-citizen-driven-health")
    other = CaseStudyPage.objects.get(slug="leeds-neighbourhood-teams")
    client.delete(index=fresh_index, id=f"page-{page.pk}", refresh=True)
    stale = registry.for_instance(other).to_document(other) | {"id": "page-999999", "title": "Gone"}
    client.index(index=fresh_index, id="page-999999", document=stale, refresh=True)
    client.update(
        index=fresh_index, id=f"page-{other.pk}", doc={"display": {"revision": "old"}}, refresh=True
    )

    result = maintenance.reconcile()
    assert result == {"added": 1, "updated": 1, "removed": 1}
    assert indexed_ids(fresh_index) == expected_ids()


def test_status_compares_index_and_database(fresh_index):
    report = maintenance.status()
    assert report["cluster"] in {"green", "yellow"}
    assert report["indexed"] == report["database"]


def test_first_write_creates_the_alias_not_a_stray_index(elasticsearch_url, settings, db):
    import uuid

    alias = f"icase-test-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_ALIAS = alias
    backend.breaker.reset()
    page = CaseStudyPage.objects.get(slug="kent-integrated-discharge-team")
    publish_title(page, "Kent's integrated discharge team")
    client = backend.get_client()
    assert client.indices.exists_alias(name=alias)
    names = list(client.indices.get(index=f"{alias}-*").keys())
    assert stored_title(alias, f"page-{page.pk}") == "Kent's integrated discharge team"
    client.indices.delete(index=",".join(names))


def test_failed_updates_are_retried_later_through_the_task_queue(settings, db):
    """With a queue that can defer work (production's database queue), a failed update is
    re-enqueued with backoff; with the immediate queue it waits for replay."""
    from search.indexing import apply_outbox_entry, retry_delay, schedule_retry

    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert retry_delay(20).total_seconds() == 3600
    assert schedule_retry(1, 1) is False  # the immediate backend cannot defer

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # resets the backends
    try:
        from django_tasks_db.models import DBTaskResult

        assert schedule_retry(1, 2) is True
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "search.indexing.apply_outbox_entry"
        assert queued.run_after is not None
        assert schedule_retry(1, 10) is False, "gives up after MAX_ATTEMPTS; replay still applies it"
    finally:
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert not apply_outbox_entry.get_backend().supports_defer
