"""Atom feeds: valid (feedparser reads them), absolute links on the site address, and only live,
public content, whoever fetches them: no private page, draft or private network's thread."""

import feedparser
import pytest

from django.conf import settings
from django.test import Client

from wagtail.models import PageViewRestriction

from cms.models import CaseStudyPage, PioneerProfilePage, Theme
from tests.cms.factories import CaseStudyPageFactory
from tests.icase.community.helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db

LISTINGS = ["case-studies", "pioneers", "toolkits", "events", "collections", "themes"]


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    assert feed.version == "atom10"
    return feed


def entry_titles(feed):
    return {entry.title for entry in feed.entries}


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_has_a_valid_feed_of_public_pages(client, listing):
    feed = parsed(client, f"/feeds/{listing}/")
    assert feed.entries
    for entry in feed.entries:
        assert entry.link.startswith(settings.WAGTAILADMIN_BASE_URL)
        assert entry.updated


def test_case_study_feed_is_newest_first_with_summaries():
    feed = parsed(Client(), "/feeds/case-studies/")
    newest = CaseStudyPage.objects.live().public().order_by("-first_published_at").first()
    assert feed.entries[0].title == newest.title
    assert feed.entries[0].summary == newest.summary


def test_every_theme_and_pioneer_has_a_feed(client):
    for theme in Theme.objects.all():
        feed = parsed(client, f"/feeds/themes/{theme.slug}/")
        assert feed.feed.title.startswith(theme.label)
    for pioneer in PioneerProfilePage.objects.live().public():
        feed = parsed(client, f"/feeds/pioneers/{pioneer.slug}/")
        assert pioneer.title in entry_titles(feed)
        for case_study in pioneer.case_studies.live().public():
            assert case_study.title in entry_titles(feed)


def test_unknown_feeds_are_not_found(client):
    assert client.get("/feeds/nothing-here/").status_code == 404
    assert client.get("/feeds/themes/nothing-here/").status_code == 404
    assert client.get("/feeds/pioneers/nothing-here/").status_code == 404


def test_search_feed_answers_like_the_search_page(client):
    feed = parsed(client, "/feeds/search/?q=reablement&pioneer=kent")
    page = client.get("/api/search/?q=reablement&pioneer=kent&sort=newest").json()
    assert [entry.title for entry in feed.entries] == [result["title"] for result in page["results"]][
        : len(feed.entries)
    ]
    assert feed.entries
    assert "reablement" in feed.feed.title


@pytest.fixture
def hidden_things():
    """A private (sign-in only) case study, a draft and a private network's thread, all mentioning
    a word nothing public has."""
    kent = PioneerProfilePage.objects.get(slug="kent")
    theme = Theme.objects.get(slug=CaseStudyPage.objects.filter(pioneer=kent).first().themes.first().slug)
    private = CaseStudyPageFactory(parent=kent, title="Zanzibarish private study", themes=[theme])
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = CaseStudyPageFactory(parent=kent, title="Zanzibarish draft study", themes=[theme])
    draft.unpublish()
    member = make_member("feed-leak-member")
    network = "integrated-care-payment-forum"
    thread = make_thread(make_moderator("feed-leak-moderator"), category=network, title="Zanzibarish secret")
    return {"titles": {private.title, draft.title, thread.title}, "theme": theme, "member": member}


ROLES = ["anonymous", "member", "moderator"]


def test_the_hidden_things_exist_for_those_allowed(hidden_things):
    """The leak test below means something: a moderator's search page does find the thread."""
    client = Client()
    client.force_login(make_moderator("feed-sanity-moderator"))
    titles = {result["title"] for result in client.get("/api/search/?q=zanzibarish").json()["results"]}
    assert "Zanzibarish secret" in titles


@pytest.mark.parametrize("role", ROLES)
def test_feeds_never_show_private_pages_drafts_or_private_threads(hidden_things, role):
    client = Client()
    if role == "member":
        client.force_login(hidden_things["member"])
    elif role == "moderator":
        client.force_login(make_moderator("feed-role-moderator"))
    urls = [f"/feeds/{listing}/" for listing in LISTINGS] + [
        f"/feeds/themes/{hidden_things['theme'].slug}/",
        "/feeds/pioneers/kent/",
        "/feeds/search/?q=zanzibarish",
        "/feeds/search/?q=zanzibarish&type=discussion",
        "/feeds/search/",
        "/feeds/community/",
    ]
    for url in urls:
        feed = parsed(client, url)
        assert not entry_titles(feed) & hidden_things["titles"], (role, url)


def test_the_community_and_each_public_category_have_a_feed_of_new_discussions(client):
    author = make_member("feed-author")
    thread = make_thread(author, category="evaluation-network", title="Which outcome measures did you use?")
    everything = parsed(client, "/feeds/community/")
    category = parsed(client, "/feeds/community/evaluation-network/")
    for feed in (everything, category):
        entry = next(entry for entry in feed.entries if entry.title == thread.title)
        assert entry.link == settings.WAGTAILADMIN_BASE_URL.rstrip("/") + thread.get_absolute_url()
        assert entry.summary.startswith("We are drafting an information sharing agreement")
    assert thread.title not in entry_titles(parsed(client, "/feeds/community/informatics-network/"))


def test_a_private_network_has_no_feed_and_its_pages_advertise_none(hidden_things):
    client = Client()
    client.force_login(make_moderator("feed-private-moderator"))
    assert client.get("/feeds/community/integrated-care-payment-forum/").status_code == 404
    html = client.get("/community/c/integrated-care-payment-forum/").content.decode()
    assert 'type="application/atom+xml"' not in html.split("</head>", 1)[0]
