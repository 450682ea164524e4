"""`manage.py setup_site`, the compose `setup` service: the first start builds the search index, later
starts leave a live index alone, and Elasticsearch being down does not stop the site starting."""

import uuid
from io import StringIO

import pytest

from django.core.management import call_command

from icase.management.commands.setup_site import build_search_index_once
from search import backend, index, maintenance

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_alias(elasticsearch_url, settings):
    """An alias name nothing has used yet, on the real node; its indexes are dropped afterwards."""
    alias = f"icase-test-setup-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_ALIAS = alias
    backend.breaker.reset()
    yield alias
    names = backend.call(lambda client: list(client.indices.get(index=f"{alias}*").keys()))
    if names:
        backend.call(lambda client: client.indices.delete(index=",".join(names)))


def live_indexes():
    return backend.call(index.current_indexes)


def test_the_first_start_builds_the_index(empty_alias):
    out = StringIO()
    build_search_index_once(out)
    assert "built" in out.getvalue()
    assert len(live_indexes()) == 1
    assert sum(maintenance.status()["indexed"].values()) > 0


def test_a_later_start_leaves_the_live_index_alone(empty_alias):
    build_search_index_once(StringIO())
    before = live_indexes()
    out = StringIO()
    build_search_index_once(out)
    assert live_indexes() == before
    assert "already exists" in out.getvalue()


def test_an_empty_index_made_while_set_up_could_not_build_is_built(empty_alias):
    index.ensure_index()  # what the first write does when set-up ran with Elasticsearch down
    assert sum(maintenance.status()["indexed"].values()) == 0
    build_search_index_once(StringIO())
    assert sum(maintenance.status()["indexed"].values()) > 0


def test_setup_finishes_without_elasticsearch(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    backend.breaker.reset()
    out = StringIO()
    call_command("setup_site", verbosity=0, stdout=out)
    assert "Search index not built: Elasticsearch is unavailable" in out.getvalue(), out.getvalue()
    assert "limited mode" in out.getvalue()
    backend.breaker.reset()
