"""The Elasticsearch connection, guarded by a timeout and a circuit breaker.

Search must degrade, never fail: after FAILURE_THRESHOLD consecutive failures the breaker opens and
no connection is attempted for OPEN_SECONDS, so a dead or hanging cluster costs one timeout, not
one per request.
"""

import threading
import time

from elastic_transport import TransportError
from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions

from django.conf import settings

REQUEST_TIMEOUT = 2.0
FAILURE_THRESHOLD = 3
OPEN_SECONDS = 30.0

# Errors that mean "Elasticsearch is not usable right now" (as opposed to a bad query).
UNAVAILABLE_ERRORS = (TransportError, es_exceptions.ConnectionError, es_exceptions.ConnectionTimeout, OSError)


class SearchUnavailable(Exception):
    """Elasticsearch is not configured, unreachable, or the breaker is open."""


class CircuitBreaker:
    def __init__(self, threshold=FAILURE_THRESHOLD, open_seconds=OPEN_SECONDS, clock=time.monotonic):
        self.threshold = threshold
        self.open_seconds = open_seconds
        self.clock = clock
        self._failures = 0
        self._open_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_open(self):
        return self.clock() < self._open_until

    def record_success(self):
        with self._lock:
            self._failures = 0
            self._open_until = 0.0

    def record_failure(self):
        with self._lock:
            self._failures += 1
            if self._failures >= self.threshold:
                self._open_until = self.clock() + self.open_seconds

    def reset(self):
        self.record_success()


breaker = CircuitBreaker()
_clients = {}


def elasticsearch_url():
    return getattr(settings, "ELASTICSEARCH_URL", "") or ""


def get_client():
    url = elasticsearch_url()
    if not url:
        raise SearchUnavailable("ELASTICSEARCH_URL is not set")
    if url not in _clients:
        _clients[url] = Elasticsearch(
            url, request_timeout=REQUEST_TIMEOUT, max_retries=1, retry_on_timeout=True
        )
    return _clients[url]


_capabilities = {}


def supports_mustache():
    """Whether the cluster can run the templated `collate` of the phrase suggester."""
    url = elasticsearch_url()
    if url not in _capabilities:
        response = call(lambda client: client.nodes.info(metric="modules"))
        modules = {
            module["name"] for node in response["nodes"].values() for module in node.get("modules", [])
        }
        _capabilities[url] = "lang-mustache" in modules
    return _capabilities[url]


def call(operation):
    """Run `operation(client)` unless the breaker is open; count the outcome."""
    if breaker.is_open:
        raise SearchUnavailable("Elasticsearch circuit breaker is open")
    client = get_client()
    try:
        result = operation(client)
    except UNAVAILABLE_ERRORS as error:
        breaker.record_failure()
        raise SearchUnavailable(str(error)) from error
    breaker.record_success()
    return result
