"""Link previews, canonical links, feed discovery, schema.org data and the sitemap."""

import html as html_module
import json
import re
import xml.etree.ElementTree as ET

import pytest

from django.conf import settings
from django.test import Client
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from cms.models import CaseStudyPage, PioneerProfilePage, Theme, ToolkitPage
from icase.alerts.models import Bulletin
from icase.community.models import Category, Thread
from tests.cms.factories import CaseStudyPageFactory
from tests.icase.community.helpers import make_member, make_thread
from tests.icase.exchange.helpers import make_people, raise_kent_barrier

pytestmark = pytest.mark.django_db
BASE = settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def head(response):
    html = response.content.decode()
    return html.split("</head>", 1)[0]


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return match and html_module.unescape(match.group(1))


def feeds(html):
    pattern = r'<link rel="alternate" type="application/atom\+xml" title="[^"]*" href="([^"]*)"'
    return re.findall(pattern, html)


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1)) if match else None


def public_pages():
    return Page.objects.live().public().filter(depth__gt=1).specific()


def test_every_public_page_has_open_graph_twitter_and_canonical(client):
    for page in public_pages():
        if page.url.endswith(".ics"):
            continue
        html = head(client.get(page.url))
        assert meta(html, "property", "og:title") == (page.seo_title or page.title), page.url
        assert meta(html, "property", "og:url") == BASE + page.url
        assert f'<link rel="canonical" href="{BASE}{page.url}">' in html
        assert meta(html, "property", "og:description")
        assert meta(html, "name", "twitter:card") == "summary"
        assert meta(html, "name", "twitter:title")


def test_case_study_preview_uses_its_summary():
    page = CaseStudyPage.objects.live().public().first()
    html = head(Client().get(page.url))
    assert meta(html, "property", "og:description") == " ".join(page.summary.split())
    assert meta(html, "property", "og:type") == "article"


def test_listing_theme_pioneer_and_search_pages_advertise_their_feeds(client):
    theme = Theme.objects.first()
    expected = {
        "/case-studies/": f"{BASE}/feeds/case-studies/",
        "/pioneers/": f"{BASE}/feeds/pioneers/",
        "/toolkits/": f"{BASE}/feeds/toolkits/",
        "/events/": f"{BASE}/feeds/events/",
        "/collections/": f"{BASE}/feeds/collections/",
        "/themes/": f"{BASE}/feeds/themes/",
        f"/themes/{theme.slug}/": f"{BASE}/feeds/themes/{theme.slug}/",
        "/pioneers/kent/": f"{BASE}/feeds/pioneers/kent/",
        "/search/?q=reablement&pioneer=kent&page=2": f"{BASE}/feeds/search/?q=reablement&amp;pioneer=kent",
        "/community/": f"{BASE}/feeds/community/",
        "/community/c/evaluation-network/": f"{BASE}/feeds/community/evaluation-network/",
    }
    for url, feed in expected.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert feeds(head(response)) == [feed], url
        assert client.get(feed.replace(BASE, "").replace("&amp;", "&")).status_code == 200


def test_theme_page_preview_names_the_theme(client):
    theme = Theme.objects.first()
    html = head(client.get(f"/themes/{theme.slug}/"))
    assert meta(html, "property", "og:title") == theme.label
    assert f'<link rel="canonical" href="{BASE}/themes/{theme.slug}/">' in html


def test_case_studies_and_toolkits_are_articles_and_pioneers_organisations(client):
    case_study = CaseStudyPage.objects.live().public().first()
    data = json_ld(head(client.get(case_study.url)))
    assert data["@type"] == "Article"
    assert data["headline"] == case_study.title
    assert data["author"]["name"] == case_study.pioneer.title
    assert data["datePublished"] == case_study.publication_date.isoformat()
    assert data["url"] == BASE + case_study.url
    toolkit = ToolkitPage.objects.live().public().first()
    assert json_ld(head(client.get(toolkit.url)))["@type"] == "Article"
    pioneer = PioneerProfilePage.objects.get(slug="kent")
    data = json_ld(head(client.get(pioneer.url)))
    assert data["@type"] == "Organization"
    assert data["name"] == pioneer.title
    assert json_ld(head(client.get("/about/"))) is None


def test_json_ld_cannot_close_its_script_element(client):
    page = CaseStudyPageFactory(
        parent=PioneerProfilePage.objects.get(slug="kent"), title="</script><script>alert(1)</script>"
    )
    html = head(client.get(page.url))
    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == page.title


def sitemap_locations(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ET.fromstring(response.content)  # noqa: S314 - our own sitemap, not untrusted input
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {element.text for element in tree.findall("s:url/s:loc", namespace)}


def test_sitemap_holds_every_public_page_and_theme_on_the_site_address(client):
    locations = sitemap_locations(client)
    for page in public_pages():
        assert BASE + page.url in locations
    for theme in Theme.objects.all():
        assert f"{BASE}/themes/{theme.slug}/" in locations
    assert all(location.startswith(BASE + "/") for location in locations)


def test_sitemap_leaves_out_private_pages_and_drafts(client):
    kent = PioneerProfilePage.objects.get(slug="kent")
    private = CaseStudyPageFactory(parent=kent, title="Private sitemap study")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = CaseStudyPageFactory(parent=kent, title="Draft sitemap study")
    draft.unpublish()
    locations = sitemap_locations(client)
    assert BASE + kent.url in locations
    assert not any("sitemap-study" in location for location in locations)


def views_that_are_not_pages():
    """Public places that are views, not pages: each template says what it is."""
    thread = make_thread(make_member("previewer"), category="evaluation-network")
    category = Category.objects.get(slug="evaluation-network")
    return [
        "/community/",
        category.get_absolute_url(),
        thread.get_absolute_url(),
        "/outcomes/",
        "/barriers/",
        "/contact/",
        "/bulletins/",
    ]


def test_views_that_are_not_pages_preview_with_their_own_title_and_description(client):
    for url in views_that_are_not_pages():
        html = head(client.get(url))
        title = html_module.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip())
        assert meta(html, "property", "og:title") == title.removesuffix(" - ICASE"), url
        assert meta(html, "name", "twitter:title") == title.removesuffix(" - ICASE"), url
        description = meta(html, "name", "description")
        assert description, url
        assert meta(html, "property", "og:description") == description, url
        assert meta(html, "property", "og:url") == BASE + url


def test_sitemap_holds_the_public_places_that_are_not_pages_and_nothing_private(client):
    author = make_member("mapper")
    public = make_thread(author, category="evaluation-network", title="A public sitemap discussion")
    hidden = make_thread(
        author,
        category="evaluation-network",
        title="A hidden sitemap discussion",
        raw="Soon to be hidden by a moderator.",
    )
    Thread.objects.filter(pk=hidden.pk).update(is_hidden=True)
    network = Category.objects.filter(is_private=True).first()
    private = Thread.objects.create(category=network, title="A private sitemap discussion", author=author)
    people = make_people()
    barrier = raise_kent_barrier(people["pioneer_editor"])
    sent = Bulletin.objects.create(title="Sent sitemap bulletin", intro="<p>Hi.</p>", sent_at=timezone.now())
    draft = Bulletin.objects.create(title="Draft sitemap bulletin", intro="<p>Hi.</p>")
    locations = sitemap_locations(client)
    for path in ["/community/", "/outcomes/", "/barriers/", "/bulletins/", "/contact/"]:
        assert BASE + path in locations
    assert BASE + public.get_absolute_url() in locations
    assert BASE + Category.objects.get(slug="evaluation-network").get_absolute_url() in locations
    assert f"{BASE}/bulletins/{sent.pk}/" in locations
    unseen = [hidden.get_absolute_url(), private.get_absolute_url(), network.get_absolute_url()]
    unseen += [barrier.get_absolute_url(), f"/bulletins/{draft.pk}/"]
    for path in unseen:
        assert BASE + path not in locations, path
