"""Indexes on the real Elasticsearch node (tests/conftest.py starts it) for the search tests."""

import uuid

import pytest

from django.test.utils import override_settings

from search import backend, maintenance
from search.vocabulary import forget_rules


def _use_elasticsearch(url, alias):
    override = override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_INDEX_ALIAS=alias)
    override.enable()
    backend.breaker.reset()
    backend._capabilities.clear()
    return override


def _drop(alias):
    try:
        names = backend.call(lambda client: list(client.indices.get(index=f"{alias}-*").keys()))
        if names:
            backend.call(lambda client: client.indices.delete(index=",".join(names)))
    except backend.SearchUnavailable:
        pass


@pytest.fixture(scope="session")
def shared_index(elasticsearch_url, django_db_setup, django_db_blocker):
    """One index of the seeded site for read-only tests."""
    alias = f"icase-test-{uuid.uuid4().hex[:8]}"
    override = _use_elasticsearch(elasticsearch_url, alias)
    try:
        with django_db_blocker.unblock():
            maintenance.rebuild()
    finally:  # a failed build must not leave the rest of the session pointed at Elasticsearch
        override.disable()
    yield alias
    override = _use_elasticsearch(elasticsearch_url, alias)
    _drop(alias)
    override.disable()


@pytest.fixture
def search_index(shared_index, elasticsearch_url, db):
    """Read-only tests: search the shared index of the seeded site."""
    override = _use_elasticsearch(elasticsearch_url, shared_index)
    yield shared_index
    override.disable()


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request):
    """Runs a test once on each backend: the database search, then the shared Elasticsearch index."""
    if request.param == "elasticsearch":
        request.getfixturevalue("search_index")
    return request.param


@pytest.fixture
def fresh_vocabulary():
    """Editors' rules are cached for a minute; a rolled-back test's rule must not outlive it."""
    forget_rules()
    yield
    forget_rules()


@pytest.fixture
def fresh_index(elasticsearch_url, db):
    """Tests that change the index get their own, built from the seeded site."""
    alias = f"icase-test-{uuid.uuid4().hex[:8]}"
    override = _use_elasticsearch(elasticsearch_url, alias)
    maintenance.rebuild()
    yield alias
    _drop(alias)
    override.disable()
    backend.breaker.reset()


def refresh(alias):
    backend.call(lambda client: client.indices.refresh(index=alias))


def indexed_ids(alias):
    return set(maintenance.indexed_fingerprints(backend.get_client()))
