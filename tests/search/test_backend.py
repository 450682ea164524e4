"""The client sends the configured credentials, which a cluster with security on requires, and
maintenance (set-up, commands) may wait longer than a search.

The "cluster" here only records the Authorization header each request carries and answers as
Elasticsearch does, after a delay when asked to; no search is involved.
"""

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from search import backend, index, maintenance


class RecordingHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.authorizations.append(self.headers.get("Authorization"))
        time.sleep(self.server.delay)
        body = json.dumps({"cluster_name": "recording", "version": {"number": "8.19.21"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self):
        """Create an index, as slowly as a node that has just started."""
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.authorizations.append(self.headers.get("Authorization"))
        time.sleep(self.server.delay)
        body = json.dumps({"acknowledged": True, "index": self.path.strip("/")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def recording_cluster(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    server.authorizations = []
    server.delay = 0
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{server.server_address[1]}"
    backend.breaker.reset()
    yield server
    server.shutdown()
    server.server_close()
    backend.breaker.reset()


def test_the_client_sends_the_configured_credentials(recording_cluster, settings):
    settings.ELASTICSEARCH_USERNAME = "elastic"
    settings.ELASTICSEARCH_PASSWORD = "s3cret:with@odd/characters"
    backend.call(lambda client: client.info())
    expected = base64.b64encode(b"elastic:s3cret:with@odd/characters").decode()
    assert recording_cluster.authorizations == [f"Basic {expected}"]


def test_no_password_sends_no_credentials(recording_cluster, settings):
    settings.ELASTICSEARCH_PASSWORD = ""
    backend.call(lambda client: client.info())
    assert recording_cluster.authorizations == [None]


def test_changed_credentials_get_a_new_client(recording_cluster, settings):
    settings.ELASTICSEARCH_PASSWORD = "first"
    backend.call(lambda client: client.info())
    settings.ELASTICSEARCH_PASSWORD = "second"
    backend.call(lambda client: client.info())
    sent = [base64.b64decode(value.split()[1]).decode() for value in recording_cluster.authorizations]
    assert sent == ["elastic:first", "elastic:second"]


def test_maintenance_waits_longer_than_a_search(recording_cluster):
    """Creating an index on a node that has just started can take longer than a search may."""
    recording_cluster.delay = backend.REQUEST_TIMEOUT + 0.5
    with backend.maintenance_timeout(backend.REQUEST_TIMEOUT + 5):
        assert backend.call(lambda client: client.info())["cluster_name"] == "recording"
    assert len(recording_cluster.authorizations) == 1  # answered first time, not retried


@pytest.mark.django_db
def test_creating_an_index_waits_longer_than_a_search(recording_cluster):
    """With the search timeout, a slow create timed out and its retry answered "already exists"."""
    recording_cluster.delay = backend.REQUEST_TIMEOUT + 0.5
    assert backend.call(lambda client: index.create_index(client, "icase-slow-node")) == "icase-slow-node"
    assert len(recording_cluster.authorizations) == 1


@pytest.mark.parametrize("command", ["rebuild", "reconcile"])
def test_index_commands_run_with_the_maintenance_timeout(command, monkeypatch):
    """Their bulk requests on a busy or just-started node take longer than a search may."""
    seen = []
    monkeypatch.setattr(backend, "call", lambda operation: seen.append(backend._timeout_override.get()))
    getattr(maintenance, command)()
    assert seen == [backend.MAINTENANCE_TIMEOUT]
    assert backend._timeout_override.get() is None
