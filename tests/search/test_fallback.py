"""When Elasticsearch is unreachable or hangs, search degrades to the database instead of failing.

These are fault-injection tests: the "cluster" is a closed port or a socket that never answers.
"""

import socket
import threading

import pytest

from search import backend
from search.query import run_search
from search.request import SearchRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_port(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    backend.breaker.reset()
    yield
    backend.breaker.reset()


class HangingServer:
    """Accepts connections and never replies, like a cluster stuck in a long GC pause."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.accepted = 0
        self.connections = []
        self.running = True
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self):
        while self.running:
            try:
                connection, _address = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self.connections.append(connection)

    def close(self):
        self.running = False
        for connection in self.connections:
            connection.close()
        self.sock.close()


@pytest.fixture
def hanging_server(settings):
    server = HangingServer()
    settings.ELASTICSEARCH_URL = server.url
    backend.breaker.reset()
    yield server
    server.close()
    backend.breaker.reset()


def test_search_page_answers_from_the_database_when_elasticsearch_is_down(closed_port, client):
    response = client.get("/search/", {"q": "reablement"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Search is running in limited mode" in html
    assert "Kent&#x27;s proactive <mark>reablement</mark> service" in html


def test_json_reports_the_database_backend_with_facets(closed_port, client):
    data = client.get("/api/search/", {"q": "capitated budgets", "type": "case-study"}).json()
    assert data["backend"] == "database"
    assert data["total"] >= 2
    assert {result["type"] for result in data["results"]} == {"case-study"}
    type_counts = {value["value"]: value["count"] for value in data["facets"]["type"]}
    assert type_counts["case-study"] == data["total"], "facet counts ignore the facet's own selection"
    assert len(type_counts) > 1


def test_database_fallback_filters_without_a_query(closed_port):
    response = run_search(SearchRequest(filters={"pioneer": ["kent"], "type": ["case-study"]}))
    assert response.backend == "database"
    assert response.total == 3


def test_a_hanging_cluster_degrades_after_the_client_timeout(hanging_server, client):
    response = client.get("/api/search/", {"q": "virtual ward"})
    assert response.status_code == 200
    assert response.json()["backend"] == "database"
    assert hanging_server.accepted >= 1


def test_breaker_stops_trying_after_repeated_failures(hanging_server):
    for _ in range(backend.FAILURE_THRESHOLD):
        assert run_search(SearchRequest(query="care")).backend == "database"
    assert backend.breaker.is_open
    attempts = hanging_server.accepted
    for _ in range(3):
        assert run_search(SearchRequest(query="care")).backend == "database"
    assert hanging_server.accepted == attempts, "no connection is tried while the breaker is open"


def test_breaker_closes_again_after_its_timeout():
    now = [0.0]
    breaker = backend.CircuitBreaker(threshold=2, open_seconds=30, clock=lambda: now[0])
    breaker.record_failure()
    assert not breaker.is_open
    breaker.record_failure()
    assert breaker.is_open
    now[0] = 31
    assert not breaker.is_open


def test_database_search_is_the_default_without_elasticsearch(settings, client):
    settings.ELASTICSEARCH_URL = ""
    assert client.get("/api/search/", {"q": "dementia"}).json()["backend"] == "database"


def test_autocomplete_and_related_content_degrade_quietly(closed_port, client):
    from cms.models import CaseStudyPage
    from search.related import related_to

    assert client.get("/api/search/suggest", {"q": "reabl"}).json()["suggestions"]
    assert related_to(CaseStudyPage.objects.first()) == []


def test_a_missing_index_on_a_live_node_falls_back_to_the_database(elasticsearch_url, db):
    from django.test import Client
    from django.test.utils import override_settings

    from search import backend

    never_built = {"ELASTICSEARCH_URL": elasticsearch_url, "ELASTICSEARCH_INDEX_ALIAS": "icase-never-built"}
    with override_settings(**never_built):
        backend.breaker.reset()
        response = Client().get("/api/search/", {"q": "reablement"})
        suggest = Client().get("/api/search/suggest", {"q": "reab"})
    backend.breaker.reset()
    assert response.status_code == 200 and response.json()["backend"] == "database"
    assert response.json()["total"] > 0
    assert suggest.status_code == 200
