"""'Get emails about this' on a community network's page: one subscription to the network's new
threads, the same model as every other follow; a private network only for its members. On the
community page: every new discussion the member may see (a saved search of type discussion)."""

import pytest

from django.test import Client
from django.urls import reverse

from icase.alerts.models import Alert, Subscription
from icase.community.models import Category, NetworkMembership
from tests.icase.community.helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db
PUBLIC = "evaluation-network"
PRIVATE = "integrated-care-payment-forum"


def signed_in(name):
    member = make_member(name, trusted=False)
    client = Client()
    client.force_login(member)
    return member, client


def follow(client, slug):
    url = reverse("community:category", args=[slug])
    return client.post(reverse("alerts:subscribe"), {"category": slug, "next": url})


def test_a_member_follows_a_public_network_from_its_page():
    member, client = signed_in("network-follower")
    url = reverse("community:category", args=[PUBLIC])
    assert "Get emails about this" in client.get(url).text
    response = follow(client, PUBLIC)
    assert response.status_code == 302 and response["Location"] == url
    [subscription] = Subscription.objects.current().filter(user=member)
    assert subscription.category == Category.objects.get(slug=PUBLIC)
    assert subscription.label == f"New discussions in {subscription.category.name}"
    page = client.get(url).text
    assert "Get emails about this" not in page and "You get a daily digest email about" in page
    follow(client, PUBLIC)  # twice is still one subscription
    assert Subscription.objects.current().filter(user=member).count() == 1


def test_anonymous_visitors_are_asked_to_sign_in_and_come_back():
    url = reverse("community:category", args=[PUBLIC])
    assert "Sign in to get emails about this" in Client().get(url).text
    response = follow(Client(), PUBLIC)
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Subscription.objects.exists()


def test_a_private_network_can_be_followed_only_by_its_members():
    outsider, outsider_client = signed_in("network-outsider")
    private_url = reverse("community:category", args=[PRIVATE])
    assert "Get emails about this" not in outsider_client.get(private_url).text
    assert follow(outsider_client, PRIVATE).status_code == 404
    assert not Subscription.objects.filter(user=outsider).exists()

    insider, insider_client = signed_in("network-insider")
    network = Category.objects.get(slug=PRIVATE)
    NetworkMembership.objects.create(category=network, user=insider, status="approved")
    assert "Get emails about this" in insider_client.get(private_url).text
    follow(insider_client, PRIVATE)
    assert Subscription.objects.current().filter(user=insider, category__slug=PRIVATE).exists()


def test_the_community_page_follows_every_new_discussion_a_member_may_see(django_capture_on_commit_callbacks):
    member, client = signed_in("community-follower")
    assert "Get emails about this" in client.get("/community/").text
    response = client.post(reverse("alerts:subscribe"), {"type": "discussion", "next": "/community/"})
    assert response.status_code == 302 and response["Location"] == "/community/"
    [subscription] = Subscription.objects.current().filter(user=member)
    assert subscription.filters == {"type": ["discussion"]}
    assert "You get a daily digest email about" in client.get("/community/").text

    author = make_member("community-poster")
    with django_capture_on_commit_callbacks(execute=True):
        public = make_thread(author, category=PUBLIC, title="Who measured loneliness before and after?")
    moderator = make_moderator("community-private-poster")
    with django_capture_on_commit_callbacks(execute=True):
        private = make_thread(moderator, category=PRIVATE, title="Tariff modelling for the forum only")
    alerted = set(Alert.objects.filter(subscription=subscription).values_list("title", flat=True))
    assert public.title in alerted
    assert private.title not in alerted


def test_anonymous_visitors_on_the_community_page_are_asked_to_sign_in_and_come_back():
    assert 'href="/accounts/login/?next=/community/"' in Client().get("/community/").text
