"""Operations that keep the index equal to the database: a rebuild beside the live index with an
atomic alias swap, a status report, and reconcile (add what is missing or out of date, remove what
is stale). They sit above both the index definition (`index.py`) and the outbox (`indexing.py`)."""

from elasticsearch import helpers

from django.utils import timezone

from . import backend
from .documents import fingerprint, registry
from .index import (
    alias_name,
    bulk_actions,
    create_index,
    current_indexes,
    new_index_name,
    remove_index_squatting_on_alias,
)
from .indexing import replay_outbox


def rebuild(keep_previous=1, batch_documents=None):
    """Build a new index beside the live one, replay edits made meanwhile, then swap the alias.

    Search keeps using the old index until the single `_aliases` call; changes made during the
    build are in the outbox and are replayed into the new index before and after the swap.
    """

    def operation(client):
        started = timezone.now()
        name = create_index(client, new_index_name())
        documents = batch_documents if batch_documents is not None else registry.all_documents()
        indexed, errors = helpers.bulk(
            client, bulk_actions(name, documents), chunk_size=500, raise_on_error=False
        )
        replay_outbox(since=started, index=name)
        client.indices.refresh(index=name)
        old = current_indexes(client)
        remove_index_squatting_on_alias(client)
        actions = [{"remove": {"index": index, "alias": alias_name()}} for index in old]
        actions.append({"add": {"index": name, "alias": alias_name()}})
        client.indices.update_aliases(actions=actions)
        replay_outbox(since=started, index=name)
        client.indices.refresh(index=name)
        all_versions = sorted(client.indices.get(index=f"{alias_name()}-*").keys())
        for stale in all_versions[: -(keep_previous + 1)]:
            client.indices.delete(index=stale)
        return {"index": name, "indexed": indexed, "errors": errors, "replaced": old}

    with backend.maintenance_timeout():  # a command's work, not a search: bulk on a cold node is slow
        return backend.call(operation)


def indexed_fingerprints(client):
    """{document id: fingerprint} for everything in the index (see documents.fingerprint)."""
    query = {"query": {"match_all": {}}, "_source": ["display.revision", "visibility"]}
    return {
        hit["_id"]: fingerprint(hit["_source"])
        for hit in helpers.scan(client, index=alias_name(), query=query)
    }


def expected_documents():
    return {document["id"]: document for document in registry.all_documents()}


def status():
    def operation(client):
        health = client.cluster.health()
        indexes = current_indexes(client)
        counts = {document.type: 0 for document in registry.documents}
        if indexes:
            response = client.search(
                index=alias_name(), size=0, aggs={"types": {"terms": {"field": "type", "size": 50}}}
            )
            counts.update(
                {
                    bucket["key"]: bucket["doc_count"]
                    for bucket in response["aggregations"]["types"]["buckets"]
                }
            )
        expected = {}
        for document in registry.documents:
            expected[document.type] = document.get_queryset().count()
        return {
            "cluster": health["status"],
            "alias": alias_name(),
            "indexes": indexes,
            "indexed": counts,
            "database": expected,
        }

    return backend.call(operation)


def reconcile():
    """Make the index equal the database: add what is missing or out of date (including a change
    of who may see it), remove what is stale (unpublished, deleted or made private)."""

    def operation(client):
        expected = expected_documents()
        present = indexed_fingerprints(client)
        missing = [doc for doc_id, doc in expected.items() if doc_id not in present]
        outdated = [
            doc
            for doc_id, doc in expected.items()
            if doc_id in present and present[doc_id] != fingerprint(doc)
        ]
        stale = set(present) - set(expected)
        actions = list(bulk_actions(alias_name(), missing + outdated))
        actions += [{"_op_type": "delete", "_index": alias_name(), "_id": doc_id} for doc_id in stale]
        if actions:
            helpers.bulk(client, actions, raise_on_error=False)
        client.indices.refresh(index=alias_name())
        return {"added": len(missing), "updated": len(outdated), "removed": len(stale)}

    with backend.maintenance_timeout():
        return backend.call(operation)
