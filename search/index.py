"""The index definition: analysis in code, the mapping from `schema.py`, and an alias over
versioned indexes. The operations that keep it equal to the database are in `maintenance.py`."""

import functools
from pathlib import Path

from elasticsearch import NotFoundError

from django.conf import settings
from django.utils import timezone

from . import backend
from .models import SearchSynonym
from .schema import MAPPINGS

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"


def alias_name():
    return getattr(settings, "ELASTICSEARCH_INDEX_ALIAS", "icase-content")


def file_synonyms():
    lines = SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def editor_synonyms():
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


BM25_LENGTH_NORMALISATION = 0.3


def index_definition(synonyms=None):
    rules = synonyms if synonyms is not None else file_synonyms() + editor_synonyms()
    return {
        "settings": {
            "number_of_shards": settings.ELASTICSEARCH_INDEX_SHARDS,
            "number_of_replicas": settings.ELASTICSEARCH_INDEX_REPLICAS,
            "analysis": analysis(rules),
            # Less length normalisation than BM25's default (0.75): a profile's long body should not
            # drown a word it does say, nor a short page win on one mention. A static setting:
            # a change takes effect at the next rebuild.
            "similarity": {"default": {"type": "BM25", "b": BM25_LENGTH_NORMALISATION}},
        },
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


_known_aliases = set()


def ensure_index():
    """Create an index and alias if there is none yet (first start); checked once per process."""
    key = (backend.elasticsearch_url(), alias_name())
    if key in _known_aliases:
        return alias_name()

    def operation(client):
        if not client.indices.exists_alias(name=alias_name()):
            remove_index_squatting_on_alias(client)
            name = create_index(client, new_index_name())
            client.indices.put_alias(index=name, name=alias_name())
        return alias_name()

    result = backend.call(operation)
    _known_aliases.add(key)
    return result


def remove_index_squatting_on_alias(client):
    """A concrete index named like the alias (auto-created by a stray write) blocks the alias."""
    if client.indices.exists(index=alias_name()) and not client.indices.exists_alias(name=alias_name()):
        client.indices.delete(index=alias_name())
