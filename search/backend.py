"""The Elasticsearch connection, guarded by a timeout and a circuit breaker.

Search must degrade, never fail: after FAILURE_THRESHOLD consecutive failures the breaker opens and
no connection is attempted for OPEN_SECONDS, so a dead or hanging cluster costs one timeout, not
one per request.
"""

import contextlib
import contextvars
import threading
import time

from elastic_transport import TransportError
from elasticsearch import Elasticsearch
from elasticsearch import exceptions as es_exceptions

from django.conf import settings

REQUEST_TIMEOUT = 2.0
# Set-up and maintenance (building an index) are not searches: creating an index on a node that has
# just started takes seconds, and a timed-out create retried answers "already exists".
MAINTENANCE_TIMEOUT = 60.0
FAILURE_THRESHOLD = 3
OPEN_SECONDS = 30.0

# Errors that mean "Elasticsearch is not usable right now" (as opposed to a bad query).
# A missing index (a first build that failed, an alias pointing nowhere) leaves search as unusable
# as a dead node: answer from the database rather than fail the page.
UNAVAILABLE_ERRORS = (
    TransportError,
    es_exceptions.ConnectionError,
    es_exceptions.ConnectionTimeout,
    es_exceptions.NotFoundError,
    OSError,
)


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


def _basic_auth():
    password = getattr(settings, "ELASTICSEARCH_PASSWORD", "")
    return (getattr(settings, "ELASTICSEARCH_USERNAME", "elastic"), password) if password else None


def get_client():
    url = elasticsearch_url()
    if not url:
        raise SearchUnavailable("ELASTICSEARCH_URL is not set")
    key = (url, _basic_auth())
    if key not in _clients:
        _clients[key] = Elasticsearch(
            url, basic_auth=key[1], request_timeout=REQUEST_TIMEOUT, max_retries=1, retry_on_timeout=True
        )
    return _clients[key]


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


_timeout_override = contextvars.ContextVar("elasticsearch_timeout", default=None)


@contextlib.contextmanager
def maintenance_timeout(seconds=MAINTENANCE_TIMEOUT):
    """Calls made inside wait up to `seconds` per request: for set-up and commands, never searches."""
    token = _timeout_override.set(seconds)
    try:
        yield
    finally:
        _timeout_override.reset(token)


def call(operation):
    """Run `operation(client)` unless the breaker is open; count the outcome."""
    if breaker.is_open:
        raise SearchUnavailable("Elasticsearch circuit breaker is open")
    client = get_client()
    if _timeout_override.get() is not None:
        client = client.options(request_timeout=_timeout_override.get())
    try:
        result = operation(client)
    except UNAVAILABLE_ERRORS as error:
        breaker.record_failure()
        raise SearchUnavailable(str(error)) from error
    breaker.record_success()
    return result
