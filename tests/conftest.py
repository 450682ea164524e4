"""Shared test set-up: the database is migrated and seeded once per session from fixtures/, and a
real Elasticsearch 8 node is started once for the tests that need it (never a mock).

Tests run inside transactions that roll back, so each one sees the seeded site unchanged.
ELASTICSEARCH_URL, when set, names the Elasticsearch server to use; otherwise the session starts a
local node (search/elasticsearch/runner.py). Without Java or Maven a local run skips those tests
with a loud message; under CI=true that is a failure. ICASE_SKIP_ELASTICSEARCH=1 (`make test-fast`)
skips them on purpose, for a quick local run; CI refuses it.
"""

import os

import pytest

from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_initial_data", verbosity=0)


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test's database changes roll back, so nothing cached from them may outlive the test:
    every cache (rate limits, rendered pages, the content generation) and the view-count buffer
    start empty."""
    from django.core.cache import caches

    from cms import view_counts
    from icase.response_cache import recently_served

    for cache in caches.all():
        cache.clear()
    recently_served.entries.clear()
    view_counts.discard_pending_counts()


@pytest.fixture
def uncached_responses(settings):
    """Every request renders: for query counts of the work behind a page, not of a cache hit."""
    settings.RESPONSE_CACHE = {**settings.RESPONSE_CACHE, "ENABLED": False}


@pytest.fixture
def home(db):
    from cms.models import HomePage

    return HomePage.objects.get()


def check_elasticsearch_wanted():
    """Skips a test that needs an Elasticsearch node when ICASE_SKIP_ELASTICSEARCH=1, except under
    CI, which must run them all: there the variable fails the test rather than quietly skipping it."""
    if os.environ.get("ICASE_SKIP_ELASTICSEARCH") != "1":
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("ICASE_SKIP_ELASTICSEARCH=1 is for local runs: CI runs the Elasticsearch tests")
    pytest.skip("Elasticsearch tests skipped: ICASE_SKIP_ELASTICSEARCH=1 (make test-fast)")


@pytest.fixture(scope="session")
def elasticsearch_allowed():
    check_elasticsearch_wanted()


@pytest.fixture(scope="session")
def elasticsearch_url(elasticsearch_allowed):
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        yield url
        return
    from search.elasticsearch.runner import ElasticsearchUnavailable, LocalElasticsearch

    node = LocalElasticsearch()
    try:
        node.start()
    except ElasticsearchUnavailable as error:
        message = f"\n\n*** ELASTICSEARCH TESTS NOT RUN: {error} ***\n"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield node.url
    node.stop()
