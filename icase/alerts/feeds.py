"""Atom feeds: one per listing, per theme, per pioneer and per search, and the bulletin archive's.

Everything in a feed is live, public content that an anonymous visitor may open: pages come from
`.live().public()` querysets and search feeds from `run_search` with the anonymous audience only
("public"), so a private network's threads, drafts and private pages never appear, whoever asks.
Links point to the configured site address (icase/links.py), as feed readers fetch them from
elsewhere. A search feed answers the same parameters as the search page with the same query code,
newest first.
"""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from wagtail.models import Page

from cms.models import (
    CaseStudyPage,
    LearningEventPage,
    PioneerProfilePage,
    Theme,
    ThemedCollectionPage,
    ThemeIndexPage,
    ToolkitPage,
)
from icase.links import absolute_url, base_url, page_url
from search.query import run_search
from search.request import SearchRequest

from .bulletins import archive_url, rich_text_as_text
from .models import Bulletin

FEED_LENGTH = 30
THEMED_MODELS = [CaseStudyPage, ToolkitPage, LearningEventPage, ThemedCollectionPage, PioneerProfilePage]

# The listings that have a feed: URL part -> (title, the page models it lists).
LISTINGS = {
    "case-studies": ("Case studies", [CaseStudyPage]),
    "pioneers": ("Pioneers", [PioneerProfilePage]),
    "toolkits": ("Toolkits", [ToolkitPage]),
    "events": ("Learning events", [LearningEventPage]),
    "collections": ("Themed collections", [ThemedCollectionPage]),
    "themes": ("Everything tagged with a theme", THEMED_MODELS),
}


def anonymous_pages(model):
    """What an anonymous visitor may open of `model`: live and public, and, for a type with its
    own rule (a private network's events: `visible_to`), that rule for nobody signed in."""
    manager = model.objects
    return manager.visible_to(None) if hasattr(manager, "visible_to") else manager.live().public()


def newest_pages(models, **filters):
    """The newest live, public pages of `models` (most recently first published first)."""
    pages = []
    for model in models:
        queryset = anonymous_pages(model).filter(**filters)
        pages += list(queryset.order_by("-first_published_at")[:FEED_LENGTH])
    pages.sort(key=lambda page: page.first_published_at or timezone.now(), reverse=True)
    return pages[:FEED_LENGTH]


def theme_page_url(theme):
    index = ThemeIndexPage.objects.live().public().first()
    return absolute_url(f"{index.url}{theme.slug}/") if index else absolute_url("/")


class PageFeed(Feed):
    """A feed of Wagtail pages; subclasses say which."""

    feed_type = Atom1Feed
    author_name = "ICASE, the Integrated Care and Support Exchange"

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return getattr(item, "summary", "") or item.search_description or ""

    def item_link(self, item):
        return page_url(item) or absolute_url(item.url)

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        themes = getattr(item, "themes", None)
        return [theme.name for theme in themes.all()] if themes is not None else []

    def feed_url(self, obj):
        return absolute_url(self.request_path)

    def __call__(self, request, *args, **kwargs):
        self.request_path = request.path
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response


class ListingFeed(PageFeed):
    def get_object(self, request, listing):
        if listing not in LISTINGS:
            raise Http404
        return listing

    def title(self, listing):
        return f"{LISTINGS[listing][0]} - ICASE"

    def subtitle(self, listing):
        return f"New {LISTINGS[listing][0].lower()} on ICASE."

    def link(self, listing):
        return base_url() + "/"

    def items(self, listing):
        return newest_pages(LISTINGS[listing][1])


class ThemeFeed(PageFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, theme):
        return f"{theme.label} - ICASE"

    def subtitle(self, theme):
        return theme.description

    def link(self, theme):
        return theme_page_url(theme)

    def items(self, theme):
        return newest_pages(THEMED_MODELS, themes=theme)


class PioneerFeed(PageFeed):
    """A pioneer's profile and the case studies in its subtree."""

    def get_object(self, request, slug):
        return get_object_or_404(PioneerProfilePage.objects.live().public(), slug=slug)

    def title(self, pioneer):
        return f"{pioneer.title} - ICASE"

    def subtitle(self, pioneer):
        return pioneer.summary

    def link(self, pioneer):
        return page_url(pioneer)

    def items(self, pioneer):
        pages = Page.objects.live().public().descendant_of(pioneer, inclusive=True).specific()
        return list(pages.order_by("-first_published_at")[:FEED_LENGTH])


def _result_date(result):
    """A search result's date (ISO date or date-time) as an aware date-time, for Atom's updated."""
    if not result.date:
        return None
    value = datetime.fromisoformat(result.date)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class SearchFeed(Feed):
    """The search page's results for the same parameters, newest first, public documents only."""

    feed_type = Atom1Feed
    author_name = PageFeed.author_name

    def get_object(self, request):
        params = request.GET.copy()
        params["sort"] = "newest"
        params.pop("page", None)
        search = SearchRequest.from_params(params, visibility=["public"])
        search.page_size = FEED_LENGTH
        self.search_path = request.get_full_path()
        return search

    def title(self, search):
        return f"Search ICASE for “{search.query}”" if search.query else "Search ICASE"

    def link(self, search):
        return absolute_url(self.search_path.replace(reverse("alerts:search_feed"), reverse("search"), 1))

    def feed_url(self, search):
        return absolute_url(self.search_path)

    def items(self, search):
        return run_search(search).results

    def item_title(self, result):
        return result.title

    def item_description(self, result):
        return strip_tags(result.snippet)

    def item_link(self, result):
        return absolute_url(result.url)

    def item_pubdate(self, result):
        return _result_date(result)

    def item_updateddate(self, result):
        return _result_date(result)

    def item_categories(self, result):
        return result.themes

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response


class BulletinFeed(Feed):
    """The editors' bulletins as they are sent, newest first (the public archive's feed)."""

    feed_type = Atom1Feed
    author_name = PageFeed.author_name
    title = "Editors’ bulletin - ICASE"
    subtitle = "The programme editors' picks of new learning on ICASE."

    def link(self):
        return absolute_url(reverse("alerts:bulletins"))

    def feed_url(self):
        return absolute_url(reverse("alerts:bulletin_feed"))

    def items(self):
        return Bulletin.objects.sent()[:FEED_LENGTH]

    def item_title(self, bulletin):
        return bulletin.title

    def item_description(self, bulletin):
        return rich_text_as_text(bulletin.intro)

    def item_link(self, bulletin):
        return archive_url(bulletin)

    def item_guid(self, bulletin):
        return archive_url(bulletin)

    def item_pubdate(self, bulletin):
        return bulletin.sent_at

    def item_updateddate(self, bulletin):
        return bulletin.sent_at

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response
