""" "Get emails about this", the subscriptions page, and who may do what there."""

from urllib.parse import quote

import pytest

from django.test import Client

from icase.alerts.models import Subscription
from tests.icase.community.helpers import make_member

from .helpers import subscribe

pytestmark = pytest.mark.django_db

PAGES_WITH_THE_BUTTON = [
    "/case-studies/?pioneer=kent",
    "/themes/",
    "/pioneers/kent/",
    "/search/?q=reablement&pioneer=kent",
]


@pytest.fixture
def member_client():
    member = make_member("views-member")
    client = Client()
    client.force_login(member)
    return member, client


@pytest.mark.parametrize("url", PAGES_WITH_THE_BUTTON)
def test_anonymous_visitors_are_asked_to_sign_in_and_come_back(client, url):
    html = client.get(url).content.decode()
    assert "Sign in to get emails about this" in html
    assert f"/accounts/login/?next={quote(url, safe='/')}" in html  # back to this very search
    assert 'id="icase-get-emails"' not in html  # nothing per-user in an anonymous page


def test_a_member_subscribes_from_the_search_page_and_sees_it(member_client):
    member, client = member_client
    url = "/search/?q=reablement&pioneer=kent"
    html = client.get(url).content.decode()
    assert 'form="icase-get-emails" name="q" value="reablement"' in html
    assert 'form="icase-get-emails" name="pioneer" value="kent"' in html
    response = client.post("/subscriptions/new/", {"q": "reablement", "pioneer": "kent", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    [subscription] = Subscription.objects.filter(user=member)
    assert (subscription.query, subscription.filters, subscription.frequency) == (
        "reablement",
        {"pioneer": ["kent"]},
        "daily",
    )
    assert subscription.label == "“reablement” · Pioneer: Kent"
    assert "You get a daily digest email about" in client.get(url).content.decode()
    client.post("/subscriptions/new/", {"q": "reablement", "pioneer": "kent", "next": url})
    assert Subscription.objects.filter(user=member).count() == 1


def test_listing_theme_and_pioneer_buttons_follow_what_the_page_shows(member_client):
    member, client = member_client
    html = client.get("/case-studies/?pioneer=kent").content.decode()
    assert 'name="type" value="case-study"' in html and 'name="pioneer" value="kent"' in html
    html = client.get("/pioneers/kent/").content.decode()
    assert 'name="pioneer" value="kent"' in html


def test_subscribing_never_redirects_elsewhere_and_refuses_hidden_networks(member_client):
    member, client = member_client
    response = client.post("/subscriptions/new/", {"q": "x", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    assert (
        client.post("/subscriptions/new/", {"category": "integrated-care-payment-forum"}).status_code == 404
    )
    response = Client().post("/subscriptions/new/", {"q": "x", "next": "/search/?q=x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_change_pause_and_unsubscribe_on_the_subscriptions_page(member_client):
    member, client = member_client
    first = subscribe(member, "reablement")
    second = subscribe(member, pioneer=["kent"])
    page = client.get("/subscriptions/").content.decode()
    assert first.label in page and second.label in page
    prefix = f"s{first.pk}"
    client.post(
        "/subscriptions/",
        {
            "subscription": first.pk,
            "action": "save",
            f"{prefix}-frequency": "weekly",
            f"{prefix}-paused": "on",
        },
    )
    first.refresh_from_db()
    assert (first.frequency, first.paused) == ("weekly", True)
    client.post("/subscriptions/", {"subscription": second.pk, "action": "end"})
    assert list(Subscription.objects.current().filter(user=member)) == [first]
    client.post("/subscriptions/", {"action": "end-all"})
    assert not Subscription.objects.current().filter(user=member).exists()


def test_bad_input_gives_an_error_summary_not_a_500(member_client):
    member, client = member_client
    subscription = subscribe(member, "reablement")
    response = client.post(
        "/subscriptions/",
        {"subscription": subscription.pk, "action": "save", f"s{subscription.pk}-frequency": "hourly"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Select how often we should email you" in html
    assert client.post("/subscriptions/", {"subscription": "abc"}).status_code == 404


def test_members_cannot_touch_each_others_subscriptions(member_client):
    member, client = member_client
    theirs = subscribe(make_member("views-other"), "reablement")
    assert client.post("/subscriptions/", {"subscription": theirs.pk, "action": "end"}).status_code == 404
    assert theirs.label not in client.get("/subscriptions/").content.decode()
    assert Client().get("/subscriptions/").status_code == 302
    assert Subscription.objects.current().filter(pk=theirs.pk).exists()
