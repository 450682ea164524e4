"""Threads in the site search, on the real Elasticsearch node and in the database fallback:
private networks stay private (S10), hidden threads drop out."""

import pytest

from django.test import Client
from django.test.utils import override_settings

from icase.community import services
from icase.community.models import Category, NetworkMembership
from search import backend
from tests.search.conftest import fresh_index, refresh  # noqa: F401 - fixture used below

from .helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussions(fresh_index, django_capture_on_commit_callbacks):  # noqa: F811
    author = make_member("search-author")
    insider = make_member("forum-insider")
    forum = Category.objects.get(slug="integrated-care-payment-forum")
    NetworkMembership.objects.create(category=forum, user=insider, status="approved")
    with django_capture_on_commit_callbacks(execute=True):
        expert = make_member(
            "telecare-expert",
            display_name="Morgan Telecare",
            organisation="Worcestershire County Council",
            bio="I commissioned telecare and telehealth for people with long-term conditions.",
            contactable=True,
        )
        expert.profile.save()  # indexed on save, like a member saving their profile
        public = make_thread(
            author,
            title="Reablement after discharge: who funds the first six weeks?",
            raw="We are splitting reablement costs between the council and the CCG through the BCF.",
        )
        private = make_thread(
            insider,
            category=forum.slug,
            title="Capitated budget risk share for frail older people",
            raw="Our draft capitation contract caps the provider's loss at two per cent.",
        )
    refresh(fresh_index)
    return {"alias": fresh_index, "public": public, "private": private, "insider": insider, "author": author}


def titles(client, query):
    data = client.get("/api/search/", {"q": query}).json()
    return [result["title"] for result in data["results"]], data


def test_public_threads_are_found_with_a_discussion_facet(discussions):
    found, data = titles(Client(), "reablement discharge funding")
    assert data["backend"] == "elasticsearch"
    assert discussions["public"].title in found
    assert any(value["value"] == "discussion" for value in data["facets"]["type"])


def test_private_network_threads_only_reach_its_members(discussions):
    query = "capitated budget risk share"
    assert discussions["private"].title not in titles(Client(), query)[0]
    outsider = Client()
    outsider.force_login(discussions["author"])
    assert discussions["private"].title not in titles(outsider, query)[0]
    member = Client()
    member.force_login(discussions["insider"])
    assert discussions["private"].title in titles(member, query)[0]
    suggestions = Client().get("/api/search/suggest", {"q": "capitated bud"}).json()["suggestions"]
    assert discussions["private"].title not in [s["title"] for s in suggestions]


def test_hidden_threads_leave_the_index(discussions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate_thread(make_moderator(), discussions["public"], "hide")
    refresh(discussions["alias"])
    assert discussions["public"].title not in titles(Client(), "reablement discharge funding")[0]


def test_the_database_fallback_respects_private_networks(discussions):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        backend.breaker.reset()
        anonymous_titles, data = titles(Client(), "capitated")
        assert data["backend"] == "database"
        assert discussions["private"].title not in anonymous_titles
        member = Client()
        member.force_login(discussions["insider"])
        assert discussions["private"].title in titles(member, "capitated")[0]
        assert discussions["public"].title in titles(Client(), "reablement")[0]
    backend.breaker.reset()


def test_contactable_members_are_found_by_signed_in_members_only(discussions):
    query = "Morgan telecare Worcestershire"
    assert "Morgan Telecare" not in titles(Client(), query)[0]
    member = Client()
    member.force_login(discussions["author"])
    found, data = titles(member, query)
    assert "Morgan Telecare" in found
    assert any(value["value"] == "member" for value in data["facets"]["type"])
