"""R5: /healthz reports the database and cache, and Elasticsearch as degraded rather than failing."""

from unittest import mock

import pytest

from search import backend

pytestmark = pytest.mark.django_db


def test_healthy_without_elasticsearch_configured(client, settings):
    settings.ELASTICSEARCH_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "search": "database backend"},
    }


def test_elasticsearch_down_is_degraded_not_failing(client, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    backend.breaker.reset()
    response = client.get("/healthz")
    backend.breaker.reset()
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["search"].startswith("degraded")


def test_elasticsearch_up_is_ok(client, elasticsearch_url, settings):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    backend.breaker.reset()
    assert client.get("/healthz").json()["checks"]["search"] == "ok"


def test_a_broken_cache_fails_the_check(client):
    with mock.patch("icase.health.cache.get", return_value=None):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("failing")
