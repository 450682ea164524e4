"""Atom feeds of new community discussions: every public category's, and one per public category.

Only what an anonymous visitor may read: threads listed in categories the anonymous audience may
see (the community's own visibility rule, `Thread.objects.visible_to`), so a private network has
no feed and its threads are in none. Each entry is a new discussion with the opening post's text.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator

from icase.community.models import Category, Post, Thread
from icase.links import absolute_url

from .feeds import FEED_LENGTH, PageFeed

ALL = "all"


def public_categories():
    return Category.objects.visible_to(AnonymousUser())


def feed_for(category):
    """(title, absolute URL) of the feed that follows `category`'s discussions (ALL: every public
    category's), or None when it has none (a private network)."""
    if category == ALL:
        return ("New discussions - ICASE", absolute_url(reverse("alerts:discussion_feed")))
    if category is None or not public_categories().filter(pk=category.pk).exists():
        return None
    url = reverse("alerts:category_discussion_feed", args=[category.slug])
    return (f"{category.name}: new discussions - ICASE", absolute_url(url))


class DiscussionFeed(Feed):
    feed_type = Atom1Feed
    author_name = PageFeed.author_name

    def get_object(self, request, slug=None):
        self.request_path = request.path
        return get_object_or_404(public_categories(), slug=slug) if slug else None

    def title(self, category):
        return feed_for(category or ALL)[0]

    def subtitle(self, category):
        return category.description if category else "New discussions in the ICASE community."

    def link(self, category):
        return absolute_url(category.get_absolute_url() if category else reverse("community:index"))

    def feed_url(self, category):
        return absolute_url(self.request_path)

    def items(self, category):
        threads = Thread.objects.visible_to(AnonymousUser())
        if category is not None:
            threads = threads.filter(category=category)
        opening = Post.objects.published().filter(thread=OuterRef("pk")).order_by("created_at", "pk")
        return (
            threads.select_related("category")
            .annotate(opening_html=Subquery(opening.values("html")[:1]))
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, thread):
        return thread.title

    def item_description(self, thread):
        return Truncator(" ".join(strip_tags(thread.opening_html or "").split())).chars(400)

    def item_link(self, thread):
        return absolute_url(thread.get_absolute_url())

    def item_guid(self, thread):
        return self.item_link(thread)

    def item_pubdate(self, thread):
        return thread.created_at

    def item_updateddate(self, thread):
        return thread.last_activity_at

    def item_categories(self, thread):
        return [thread.category.name]

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Content-Type"] = "application/atom+xml; charset=utf-8"
        return response
