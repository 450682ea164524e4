"""The limited-mode notice means "Elasticsearch is configured and down", never "make run uses the
database search it was built with"."""

import pytest

from django.test import Client
from django.test.utils import override_settings

from search import backend

pytestmark = pytest.mark.django_db
NOTICE = "Search is running in limited mode"


@override_settings(ELASTICSEARCH_URL="")
def test_the_embedded_database_search_shows_no_warning():
    response = Client().get("/search/", {"q": "reablement"})
    assert response.status_code == 200
    assert NOTICE not in response.content.decode()
    assert "Kent" in response.content.decode()


def test_a_configured_elasticsearch_that_is_down_is_announced():
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        backend.breaker.reset()
        page = Client().get("/search/", {"q": "reablement"}).content.decode()
    backend.breaker.reset()
    assert NOTICE in page
