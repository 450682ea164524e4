"""Index and detail pages as a visitor sees them: rendering, filters, pagination and query counts."""

import datetime
import html as html_lib
import re

import icalendar
import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page, PageViewRestriction

from cms.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    EventIndexPage,
    LearningEventPage,
    PioneerIndexPage,
    PioneerProfilePage,
    Theme,
    ThemedCollectionPage,
    ToolkitIndexPage,
)

from .factories import CaseStudyPageFactory, LearningEventPageFactory

pytestmark = pytest.mark.django_db


def card_titles(response):
    found = re.findall(
        r'<h[23] class="nhsuk-card__heading[^"]*">\s*<a[^>]*>([^<]+)</a>', response.content.decode()
    )
    return [html_lib.unescape(title) for title in found]


def visible_text(response):
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def count_text(response):
    return re.search(
        r'class="icase-result-count" role="status">\s*([^<]+)<', response.content.decode()
    ).group(1)


def test_every_live_page_renders_with_one_h1_and_a_title(client):
    pages = Page.objects.live().public().filter(depth__gt=1).specific()
    assert pages.count() > 80
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert html.count("<h1") == 1, page.url
        assert re.search(r"<title>[^<]+ - ICASE</title>|<title>ICASE", html), page.url
        assert 'href="#maincontent"' in html and 'id="maincontent"' in html, page.url


def test_detail_pages_have_meta_descriptions(client):
    for model in (CaseStudyPage, PioneerProfilePage, LearningEventPage, ThemedCollectionPage):
        page = model.objects.live().first()
        response = client.get(page.url)
        assert f'<meta name="description" content="{escape(page.summary)}">' in response.content.decode()


def test_case_study_page_shows_its_outcomes_and_pioneer(client):
    response = client.get("/pioneers/greenwich/greenwich-team-around-the-person/")
    html = response.content.decode()
    assert "Fell by 35%" in html
    assert "first year" in html
    assert 'href="/pioneers/greenwich/"' in html


def test_case_study_filters_narrow_the_listing(client):
    everything = client.get("/case-studies/")
    assert count_text(everything).startswith("40 case studies")

    by_theme = client.get("/case-studies/", {"theme": "information-governance"})
    ig_count = CaseStudyPage.objects.live().filter(themes__slug="information-governance").distinct().count()
    assert count_text(by_theme).startswith(f"{ig_count} case stud")
    assert 0 < ig_count < 40

    narrowed = client.get("/case-studies/", {"theme": "information-governance", "pioneer": "southend-on-sea"})
    assert card_titles(narrowed) == ["Information governance and Southend's section 251 application"]
    assert "Theme: Information governance and informatics" in narrowed.content.decode()


def test_values_within_a_filter_are_alternatives(client):
    response = client.get("/case-studies/", {"pioneer": ["kent", "cornwall-and-isles-of-scilly"]})
    assert count_text(response).startswith("5 case studies")


def test_unknown_filter_values_are_ignored_not_errors(client):
    response = client.get("/case-studies/", {"theme": "<script>", "year": "not-a-year", "page": "999"})
    assert response.status_code == 200
    assert count_text(response).startswith("40 case studies")
    assert "<script>" not in response.content.decode()


def test_listing_paginates(client):
    first = client.get("/case-studies/")
    second = client.get("/case-studies/", {"page": 2})
    assert len(card_titles(first)) == 12
    assert set(card_titles(first)).isdisjoint(card_titles(second))
    assert "Page 2 of 4" in first.content.decode()


def test_pioneer_filters_by_region_and_status(client):
    london = client.get("/pioneers/", {"region": "london"})
    assert count_text(london).startswith("4 pioneers")
    supporters = client.get("/pioneers/", {"status": "advanced-supporter"})
    assert card_titles(supporters) == ["West Norfolk"]


def test_toolkit_and_collection_filters(client):
    templates = client.get("/toolkits/", {"type": "template"})
    assert card_titles(templates) == ["Information sharing and section 251 application template"]
    payment = client.get("/collections/", {"theme": "payment-approaches"})
    assert card_titles(payment) == ["Getting started with capitated budgets"]


def test_events_split_into_upcoming_and_past(client):
    upcoming_event = LearningEventPageFactory(
        parent=EventIndexPage.objects.get(), title="Next month's webinar"
    )
    past_event = LearningEventPageFactory(
        parent=EventIndexPage.objects.get(),
        title="Last year's webinar",
        start=timezone.now() - datetime.timedelta(days=365),
    )
    upcoming = card_titles(client.get("/events/"))
    past = card_titles(client.get("/events/", {"when": "past"}))
    assert upcoming_event.title in upcoming and past_event.title not in upcoming
    assert past_event.title in past and upcoming_event.title not in past
    assert "The art of the possible conference" in past  # undated in its source: listed as past


def test_event_filters_keep_the_past_view(client):
    response = client.get("/events/", {"when": "past", "type": "conference"})
    assert card_titles(response) == ["The art of the possible conference"]
    assert '<input type="hidden" name="when" value="past">' in response.content.decode()


def test_event_calendar_download_parses(client):
    event = LearningEventPageFactory(parent=EventIndexPage.objects.get(), title="Calendar webinar")
    response = client.get(f"{event.url}calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Calendar webinar"
    start = vevent.decoded("DTSTART")
    assert start == event.start.replace(microsecond=0)
    assert start.tzinfo is not None and str(vevent["DTSTART"].params["TZID"]) == "Europe/London"
    assert calendar.walk("VTIMEZONE")


def test_an_event_its_source_does_not_date_has_no_calendar_file(client):
    event = LearningEventPage.objects.get(slug="art-of-the-possible-conference")
    assert client.get(f"{event.url}calendar/").status_code == 404
    html = client.get(event.url).content.decode()
    assert "Add to calendar" not in html
    assert "Not known" in html
    assert "in the source" not in html.split("icase-source", 1)[0]  # no note to editors in the text


def test_theme_page_lists_everything_tagged_with_the_theme(client):
    html = visible_text(client.get("/themes/information-governance/"))
    assert "Information governance and Southend's section 251 application" in html
    assert "Information sharing and section 251 application template" in html
    assert "Sharing information safely" in html
    assert client.get("/themes/no-such-theme/").status_code == 404


def test_theme_index_groups_enablers_and_care_models(client):
    html = client.get("/themes/").content.decode()
    for theme in Theme.objects.all():
        assert f'href="/themes/{theme.slug}/"' in html


def test_collection_skips_items_that_are_no_longer_public(client):
    collection = ThemedCollectionPage.objects.get(slug="sharing-information-safely")
    target = CaseStudyPage.objects.get(slug="southend-s251-application")
    assert target.title in visible_text(client.get(collection.url))
    target.unpublish()
    assert target.title not in visible_text(client.get(collection.url))


def test_private_pages_stay_out_of_listings(client):
    page = CaseStudyPage.objects.get(slug="kent-proactive-reablement")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert "Kent's proactive reablement service" not in card_titles(client.get("/case-studies/?pioneer=kent"))
    assert client.get(page.url).status_code == 302


def listing_queries(client, url):
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_case_study_listing_queries_do_not_grow_with_the_number_of_items(client, uncached_responses):
    """A fresh theme starts with one case study and grows to a full page of twelve."""
    theme = Theme.objects.create(name="Query count", short_name="QC", slug="query-count", description="Test")
    index = PioneerProfilePage.objects.get(slug="kent")
    CaseStudyPageFactory(parent=index, themes=[theme])
    url = "/case-studies/?theme=query-count"
    with_one = listing_queries(client, url)
    for _ in range(11):
        CaseStudyPageFactory(parent=index, themes=[theme])
    assert count_text(client.get(url)).startswith("12 case studies")
    assert listing_queries(client, url) == with_one


def test_event_listing_queries_do_not_grow_with_the_number_of_items(client, uncached_responses):
    index = EventIndexPage.objects.get()
    url = "/events/?when=past"
    before = listing_queries(client, url)
    for _ in range(6):
        LearningEventPageFactory(parent=index, start=timezone.now() - datetime.timedelta(days=30))
    assert len(card_titles(client.get(url))) == 12
    assert listing_queries(client, url) == before


def test_theme_page_queries_do_not_grow_with_the_number_of_items(client, uncached_responses):
    theme = Theme.objects.create(name="Theme count", short_name="TC", slug="theme-count", description="Test")
    index = PioneerProfilePage.objects.get(slug="kent")
    CaseStudyPageFactory(parent=index, themes=[theme])
    with_one = listing_queries(client, "/themes/theme-count/")
    for _ in range(8):
        CaseStudyPageFactory(parent=index, themes=[theme])
    assert listing_queries(client, "/themes/theme-count/") == with_one


def test_home_page_queries_are_bounded(client, uncached_responses):
    before = listing_queries(client, "/")
    for _ in range(10):
        CaseStudyPageFactory(parent=PioneerProfilePage.objects.get(slug="greenwich"))
    assert listing_queries(client, "/") == before


def test_index_pages_are_singletons_in_navigation(client):
    html = client.get("/").content.decode()
    for model in (CaseStudyIndexPage, PioneerIndexPage, ToolkitIndexPage, EventIndexPage):
        assert f'href="{model.objects.get().url}"' in html
