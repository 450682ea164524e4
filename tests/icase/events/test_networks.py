"""A network's page lists its events, those only for its members and those it runs, and the
events list filters by network; a private network's events and its filter option are seen only
by those who may see the network (issue 16)."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cms.models import EventIndexPage
from icase.community.models import Category, NetworkMembership
from tests.icase.community.helpers import make_member

from .helpers import open_event, queries

pytestmark = pytest.mark.django_db
PUBLIC, PRIVATE = "informatics-network", "integrated-care-payment-forum"


@pytest.fixture
def events():
    past = timezone.now() - datetime.timedelta(days=20)
    return {
        "run": open_event(title="Informatics network meeting", network=PUBLIC),
        "for members": open_event(title="Informatics members only", audience_network=PUBLIC),
        "past": open_event(
            title="Informatics catch up", network=PUBLIC, start=past, recording_url="https://v.example.org/1"
        ),
        "private": open_event(title="Payment forum risk share", audience_network=PRIVATE),
        "other": open_event(title="Unrelated workshop"),
    }


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_network_page_lists_its_events(client, events):
    page = client.get(reverse("community:category", args=[PUBLIC])).text
    events_part = page.split("<h2>Events</h2>", 1)[1]
    assert "Informatics network meeting" in events_part and "Informatics members only" in events_part
    assert "Informatics catch up" in events_part.split("<h3>Past events</h3>", 1)[1]
    assert "Unrelated workshop" not in events_part and "Payment forum risk share" not in events_part
    assert f"?network={PUBLIC}" in events_part and f"?when=past&amp;network={PUBLIC}" in events_part


def test_a_private_networks_events_show_on_its_page_to_its_members_only(events):
    url = reverse("community:category", args=[PRIVATE])
    assert "Payment forum risk share" not in Client().get(url).text
    assert "Payment forum risk share" not in signed_in(make_member("outsider")).get(url).text
    insider = make_member("insider")
    NetworkMembership.objects.create(
        category=Category.objects.get(slug=PRIVATE), user=insider, status="approved"
    )
    assert "Payment forum risk share" in signed_in(insider).get(url).text


def test_the_events_list_filters_by_network(client, events):
    index = EventIndexPage.objects.get().url
    filtered = client.get(index, {"network": PUBLIC}).text
    assert "Informatics network meeting" in filtered and "Informatics members only" in filtered
    assert "Unrelated workshop" not in filtered
    assert f'name="network" type="checkbox" value="{PUBLIC}"' in filtered
    past = client.get(index, {"network": PUBLIC, "when": "past"}).text
    assert "Informatics catch up" in past


def test_private_networks_are_filter_options_only_for_those_who_see_them(events):
    index = EventIndexPage.objects.get().url
    option = f'name="network" type="checkbox" value="{PRIVATE}"'
    assert option not in Client().get(index).text
    outsider = signed_in(make_member("outsider"))
    assert option not in outsider.get(index).text
    assert "Informatics network meeting" in outsider.get(index, {"network": PRIVATE}).text  # ignored
    insider = make_member("insider")
    NetworkMembership.objects.create(
        category=Category.objects.get(slug=PRIVATE), user=insider, status="approved"
    )
    mine = signed_in(insider).get(index, {"network": PRIVATE}).text
    assert option in mine and "Payment forum risk share" in mine and "Unrelated workshop" not in mine


def test_the_running_network_must_exist_and_its_managers_organise(client, events):
    event = events["run"]
    event.network = "no-such-network"
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "no network with this short name" in str(error.value.message_dict["network"])
    manager = make_member("informatics-manager")
    Category.objects.get(slug=PUBLIC).managers.add(manager)
    organiser = signed_in(manager)
    assert organiser.get(reverse("events:attendees", args=[events["run"].pk])).status_code == 200
    assert organiser.get(reverse("events:attendees", args=[events["other"].pk])).status_code == 403


@pytest.mark.parametrize("params", [None, {"network": PUBLIC}, {"network": PUBLIC, "when": "past"}])
def test_the_events_list_and_a_network_page_take_the_same_queries_for_one_event_or_many(client, params):
    index, network_page = EventIndexPage.objects.get().url, reverse("community:category", args=[PUBLIC])
    past = timezone.now() - datetime.timedelta(days=3)
    open_event(title="Informatics 0", network=PUBLIC)
    open_event(title="Informatics past 0", network=PUBLIC, start=past)
    with_one = queries(client, index, params), queries(client, network_page)
    for number in range(1, 5):
        open_event(
            title=f"Informatics {number}",
            network=PUBLIC if number % 2 else "",
            audience_network=PUBLIC if not number % 2 else "",
        )
        open_event(
            title=f"Informatics past {number}",
            network=PUBLIC,
            start=past,
            recording_url="https://v.example.org/r",
        )
        open_event(title=f"Evaluation {number}", network="evaluation-network")
    client.get(index)  # new pages renewed the cached navigation
    assert (queries(client, index, params), queries(client, network_page)) == with_one
