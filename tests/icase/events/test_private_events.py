"""Events for a private network's members are invisible to everyone else, like the network's
threads (issue 16): the page and its calendar file, the events list and its catch-up, the home and
theme pages, the sitemap, the public API, the calendar feeds and search (both backends)."""

import pytest

from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from cms.models import LearningEventPage, Theme
from cms.search_documents import LearningEventDocument
from icase.community.models import Category, NetworkMembership
from search import backend
from tests.icase.community.helpers import make_member, make_moderator
from tests.search.conftest import fresh_index, refresh  # noqa: F401 - fixture used below

from .helpers import open_event

pytestmark = pytest.mark.django_db
TITLE = "Payment forum members risk share meeting"


@pytest.fixture
def private_event():
    return make_private_event()


def make_private_event():
    network = Category.objects.filter(kind=Category.NETWORK, is_private=True).first()
    theme = Theme.objects.first()
    event = open_event(title=TITLE, audience_network=network.slug, summary="Capitated risk share.")
    event.themes.set([theme])
    event.save_revision().publish()
    insider = make_member("private-event-insider")
    NetworkMembership.objects.create(category=network, user=insider, status="approved")
    return {"event": event, "network": network, "theme": theme, "insider": insider}


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def audiences(private_event):
    """(who, client, may see it)."""
    return [
        ("anonymous", Client(), False),
        ("another member", signed_in(make_member("private-event-outsider")), False),
        ("network member", signed_in(private_event["insider"]), True),
        ("moderator", signed_in(make_moderator("private-event-moderator")), True),
    ]


def test_the_page_and_its_calendar_file_exist_only_for_the_network(private_event):
    event = private_event["event"]
    for who, client, may_see in audiences(private_event):
        page = client.get(event.url)
        calendar = client.get(event.url + "calendar/")
        assert page.status_code == (200 if may_see else 404), who
        assert calendar.status_code == (200 if may_see else 404), who
        assert (TITLE in page.text) is may_see, who


def test_listings_show_it_only_to_the_network(private_event):
    theme_url = f"/themes/{private_event['theme'].slug}/"
    for who, client, may_see in audiences(private_event):
        for url in ("/events/", "/", theme_url):
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            assert (TITLE in response.text) is may_see, (who, url)


def test_past_private_events_stay_out_of_catch_up(private_event):
    event = private_event["event"]
    event.start = timezone.now() - timezone.timedelta(days=3)
    event.end = event.start + timezone.timedelta(hours=1)
    event.event_summary = "What the forum agreed."
    event.save_revision().publish()
    assert TITLE not in Client().get("/events/").text
    assert TITLE not in Client().get("/events/?when=past").text
    assert TITLE in signed_in(private_event["insider"]).get("/events/?when=past").text


def test_sitemap_api_and_feeds_leave_it_out(private_event):
    event = private_event["event"]
    public_event = open_event(title="Open webinar for the sitemap")
    sitemap = Client().get("/sitemap.xml").text
    assert public_event.url in sitemap and event.url not in sitemap
    api = Client().get("/api/v1/pages/?type=event&page_size=100").json()
    titles = [item["title"] for item in api["results"]]
    assert TITLE not in titles and public_event.title in titles
    assert TITLE not in Client().get(reverse("events:calendar_all")).text
    assert LearningEventPage.objects.visible_to(None).filter(pk=event.pk).count() == 0
    assert LearningEventPage.objects.visible_to(private_event["insider"]).filter(pk=event.pk).count() == 1


def test_search_indexes_it_for_the_network_only(private_event):
    document = LearningEventDocument().to_document(private_event["event"])
    assert "public" not in document["visibility"]
    assert f"network:{private_event['network'].slug}" in document["visibility"]
    public_event = open_event(title="Open webinar on risk share")
    assert LearningEventDocument().to_document(public_event)["visibility"] == ["public"]
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        backend.breaker.reset()
        for who, client, may_see in audiences(private_event):
            data = client.get("/api/search/", {"q": "risk share meeting"}).json()
            assert data["backend"] == "database"
            assert (TITLE in [result["title"] for result in data["results"]]) is may_see, who
            suggestions = client.get("/api/search/suggest", {"q": "payment forum memb"}).json()
            assert (TITLE in [s["title"] for s in suggestions["suggestions"]]) is may_see, who
    backend.breaker.reset()


def test_elasticsearch_finds_it_for_the_network_only(fresh_index, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        private_event = make_private_event()
    refresh(fresh_index)
    for who, client, may_see in audiences(private_event):
        data = client.get("/api/search/", {"q": "payment forum risk share meeting"}).json()
        assert data["backend"] == "elasticsearch"
        assert (TITLE in [result["title"] for result in data["results"]]) is may_see, who
