"""The index: analysis and mapping in code, an alias over versioned indexes, and the operations
that keep it equal to the database (rebuild with an atomic alias swap, status, reconcile)."""

import functools
from pathlib import Path

from elasticsearch import NotFoundError, helpers

from django.conf import settings
from django.utils import timezone

from . import backend
from .documents import fingerprint, registry

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"


def alias_name():
    return getattr(settings, "ELASTICSEARCH_INDEX_ALIAS", "icase-content")


def file_synonyms():
    lines = SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def editor_synonyms():
    from .models import SearchSynonym

    return [synonym.rule for synonym in SearchSynonym.objects.filter(active=True) if synonym.rule.count(",")]


@functools.cache
def acronyms():
    """Single-word terms from the synonym rules that are acronyms; never 'corrected' by did-you-mean.

    Read once per process: the file changes only with a deploy, and every search asks.
    """
    found = set()
    for rule in file_synonyms():
        for term in rule.replace("=>", ",").split(","):
            term = term.strip()
            if term and " " not in term and len(term) <= 6:
                found.add(term)
    return frozenset(found)


def _english_chain(synonyms=False):
    """Indexing and query analysis differ only by the synonym graph, applied at query time."""
    filters = ["english_possessive", "lowercase", "asciifolding"]
    filters += ["icase_synonyms"] if synonyms else []
    filters += ["domain_stems", "english_stemmer"]
    return {
        "type": "custom",
        "char_filter": ["ampersand_acronyms"],
        "tokenizer": "standard",
        "filter": filters,
    }


def analysis(synonyms):
    return {
        "char_filter": {
            # Keep "A&E" as one term before the tokeniser splits it on "&".
            "ampersand_acronyms": {"type": "mapping", "mappings": ["A&E => ae", "a&e => ae", "A & E => ae"]},
        },
        "filter": {
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "english_stemmer": {"type": "stemmer", "language": "english"},
            "domain_stems": {
                "type": "stemmer_override",
                "rules": ["news => news", "dementia => dementia", "ics => ics", "wellbeing => wellbeing"],
            },
            "icase_synonyms": {"type": "synonym_graph", "synonyms": synonyms},
            "spelling_shingles": {"type": "shingle", "min_shingle_size": 2, "max_shingle_size": 3},
            "autocomplete_prefixes": {"type": "edge_ngram", "min_gram": 1, "max_gram": 20},
        },
        "analyzer": {
            "icase_text": _english_chain(),
            "icase_search": _english_chain(synonyms=True),
            "icase_exact": {
                "type": "custom",
                "char_filter": ["ampersand_acronyms"],
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
            "icase_spelling": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["english_possessive", "lowercase", "asciifolding", "spelling_shingles"],
            },
            "icase_autocomplete": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "autocomplete_prefixes"],
            },
        },
    }


def _text(**extra):
    field = {
        "type": "text",
        "analyzer": "icase_text",
        "search_analyzer": "icase_search",
        "fields": {"exact": {"type": "text", "analyzer": "icase_exact"}},
    }
    field.update(extra)
    return field


MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "type": {"type": "keyword"},
        "url": {"type": "keyword", "index": False},
        "title": {
            "type": "text",
            "analyzer": "icase_text",
            "search_analyzer": "icase_search",
            "fields": {
                "exact": {"type": "text", "analyzer": "icase_exact"},
                "autocomplete": {
                    "type": "text",
                    "analyzer": "icase_autocomplete",
                    "search_analyzer": "icase_exact",
                },
                "sort": {"type": "keyword"},
            },
        },
        "acronyms": _text(),
        "summary": _text(),
        "body": _text(),
        "themes": {"type": "keyword"},
        "theme_names": _text(),
        "tags": {
            "type": "keyword",
            "fields": {"text": {"type": "text", "analyzer": "icase_text", "search_analyzer": "icase_search"}},
        },
        "pioneer": {"type": "keyword"},
        "pioneer_name": _text(),
        "region": {"type": "keyword"},
        "population": {"type": "keyword"},
        "evaluation": {"type": "keyword"},
        "year": {"type": "keyword"},
        "visibility": {"type": "keyword"},
        "published_at": {"type": "date"},
        "event_start": {"type": "date"},
        "popularity": {"type": "integer"},
        "spelling": {"type": "text", "analyzer": "icase_spelling"},
        "display": {"type": "object", "enabled": False},
    },
}


def index_definition(synonyms=None):
    rules = synonyms if synonyms is not None else file_synonyms() + editor_synonyms()
    return {
        "settings": {"number_of_shards": 1, "number_of_replicas": 0, "analysis": analysis(rules)},
        "mappings": MAPPINGS,
    }


def new_index_name():
    return f"{alias_name()}-{timezone.now():%Y%m%d%H%M%S%f}"


def create_index(client, name, synonyms=None):
    definition = index_definition(synonyms)
    # Never on a search's path, and slow on a node that has just started (analysis, synonyms): with
    # the search timeout it timed out, and the retried create answered "already exists".
    patient = client.options(request_timeout=backend.MAINTENANCE_TIMEOUT)
    patient.indices.create(index=name, settings=definition["settings"], mappings=definition["mappings"])
    return name


def current_indexes(client):
    try:
        return sorted(client.indices.get_alias(name=alias_name()).keys())
    except NotFoundError:
        return []


def bulk_actions(index, documents):
    for document in documents:
        yield {"_op_type": "index", "_index": index, "_id": document["id"], "_source": document}


def rebuild(keep_previous=1, batch_documents=None):
    """Build a new index beside the live one, replay edits made meanwhile, then swap the alias.

    Search keeps using the old index until the single `_aliases` call; changes made during the
    build are in the outbox and are replayed into the new index before and after the swap.
    """
    from .indexing import replay_outbox

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
        _remove_index_squatting_on_alias(client)
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


_known_aliases = set()


def ensure_index():
    """Create an index and alias if there is none yet (first start); checked once per process."""
    key = (backend.elasticsearch_url(), alias_name())
    if key in _known_aliases:
        return alias_name()

    def operation(client):
        if not client.indices.exists_alias(name=alias_name()):
            _remove_index_squatting_on_alias(client)
            name = create_index(client, new_index_name())
            client.indices.put_alias(index=name, name=alias_name())
        return alias_name()

    result = backend.call(operation)
    _known_aliases.add(key)
    return result


def _remove_index_squatting_on_alias(client):
    """A concrete index named like the alias (auto-created by a stray write) blocks the alias."""
    if client.indices.exists(index=alias_name()) and not client.indices.exists_alias(name=alias_name()):
        client.indices.delete(index=alias_name())


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
