"""The role table (helpers.ROLES) against a private network's event: its members (and
moderators) find it on the events list and open its page; nobody finds it on the surfaces that
are public whoever asks: the open API, the public calendar and Atom feeds, and the sitemap."""

import json

import pytest

from cms.models import EventIndexPage, Theme
from icase.community.models import Category
from tests.icase.events.helpers import open_event

from .helpers import READERS, ROLES, client_for, make_visitor

pytestmark = pytest.mark.django_db
TITLE = "Quixotic tariff clinic for the forum"


@pytest.fixture
def private_event():
    forum = Category.objects.get(slug="integrated-care-payment-forum")
    assert forum.is_private
    theme = Theme.objects.get(slug="payment-approaches")
    event = open_event(title=TITLE, audience_network=forum.slug, themes=[theme])
    event.theme_slug = theme.slug
    return event, forum


def surfaces(client, event):
    api = json.loads(client.get("/api/v1/pages/", {"type": "event", "page_size": 100}).content)
    return {
        "events list": TITLE in client.get(EventIndexPage.objects.get().url).content.decode(),
        "event page": client.get(event.url).status_code == 200,
        "open API": any(item["title"] == TITLE for item in api["results"]),
        "calendar feed": TITLE in client.get("/events/calendar.ics").content.decode(),
        "Atom feeds": any(
            TITLE in client.get(url).content.decode()
            for url in ["/feeds/events/", "/feeds/themes/", f"/feeds/themes/{event.theme_slug}/"]
        ),
        "sitemap": event.url in client.get("/sitemap.xml").content.decode(),
    }


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_a_private_networks_event_where_it_may_and_never_on_public_surfaces(
    role, private_event
):
    event, forum = private_event
    visitor = make_visitor(role, forum)
    client = client_for(visitor)
    if role == "inactive":  # signed in before the account was deactivated
        type(visitor).objects.filter(pk=visitor.pk).update(is_active=False)
    reads = role in READERS
    expected = {
        "events list": reads,
        "event page": reads,
        "open API": False,
        "calendar feed": False,
        "Atom feeds": False,
        "sitemap": False,
    }
    assert surfaces(client, event) == expected
