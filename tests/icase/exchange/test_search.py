"""Barriers in the site search, on the shared Elasticsearch node and in the database fallback:
only an approved public summary is ever found, by anyone; the full record never is."""

import pytest

from django.test import Client
from django.test.utils import override_settings

from icase.exchange import services
from search import backend
from tests.search.conftest import fresh_index, refresh  # noqa: F401 - fixture used below

from .helpers import make_people, raise_kent_barrier

pytestmark = pytest.mark.django_db

PRIVATE_WORDS = "Quixotic safe haven loophole in Medway"
PUBLIC_TITLE = "Linking records to profile population needs"


def found(client, query):
    data = client.get("/api/search/", {"q": query}).json()
    return [result["title"] for result in data["results"]], data


def make_barrier(people):
    return raise_kent_barrier(
        people["pioneer_editor"], title=f"{PRIVATE_WORDS} barrier", description=f"{PRIVATE_WORDS} detail"
    )


def approve(people, barrier):
    services.write_public_summary(
        people["pioneer_editor"],
        barrier,
        PUBLIC_TITLE,
        "A national question about linking health and care data.",
    )
    services.approve_public_summary(people["programme_editor"], barrier)


@pytest.fixture
def indexed(fresh_index, django_capture_on_commit_callbacks):  # noqa: F811
    people = make_people()
    with django_capture_on_commit_callbacks(execute=True):
        barrier = make_barrier(people)
    refresh(fresh_index)
    return {"alias": fresh_index, "people": people, "barrier": barrier}


def test_elasticsearch_finds_only_the_approved_summary(indexed, django_capture_on_commit_callbacks):
    people, barrier = indexed["people"], indexed["barrier"]
    member = Client()
    member.force_login(people["member"])
    for client in (Client(), member):
        titles, data = found(client, "quixotic safe haven loophole")
        assert data["backend"] == "elasticsearch"
        assert not [title for title in titles if "Quixotic" in title]
    with django_capture_on_commit_callbacks(execute=True):
        approve(people, barrier)
    refresh(indexed["alias"])
    titles, _data = found(Client(), "linking records profile population needs")
    assert PUBLIC_TITLE in titles
    assert not [title for title in found(Client(), "quixotic loophole Medway")[0] if title == PUBLIC_TITLE]
    suggestions = Client().get("/api/search/suggest", {"q": "quixotic"}).json()["suggestions"]
    assert not [s for s in suggestions if "Quixotic" in s["title"]]
    with django_capture_on_commit_callbacks(execute=True):
        services.write_public_summary(
            people["pioneer_editor"], barrier, PUBLIC_TITLE, "Changed, awaiting approval."
        )
    refresh(indexed["alias"])
    assert PUBLIC_TITLE not in found(Client(), "linking records profile population needs")[0]


def test_the_database_fallback_finds_only_the_approved_summary():
    people = make_people()
    barrier = make_barrier(people)
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        backend.breaker.reset()
        titles, data = found(Client(), "quixotic loophole")
        assert data["backend"] == "database"
        assert not [title for title in titles if "Quixotic" in title]
        approve(people, barrier)
        assert PUBLIC_TITLE in found(Client(), "linking records population")[0]
        assert PUBLIC_TITLE not in found(Client(), "quixotic loophole Medway")[0]
        page = Client().get("/search/", {"q": "linking records population"}).content.decode()
        assert 'value="barrier"' in page and "Quixotic" not in page
    backend.breaker.reset()
