"""Behaviour shared by ICASE page types: abstract bases and the helpers several sections use."""

from django.db import models
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.db.models.functions import Length, Substr

from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from ..generation import read_once_per_generation
from ..listing import ListingFilter, options_from
from ..routing import RoutedAncestorsMixin
from .snippets import Theme


class ICASEPageQuerySet(PageQuerySet):
    def private_q(self):
        """Wagtail's rule (a page is private when it or an ancestor has a view restriction) as a
        subquery of the query it filters: Wagtail loads every restriction first, one more query
        for each `.public()` a page makes. A restriction applies when its page's path begins this
        page's path."""
        restricted_here_or_above = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        return models.Q(Exists(restricted_here_or_above))


class ICASEPage(RoutedAncestorsMixin, Page):
    """What every ICASE page type shares: it reuses what the routing walk loaded (cms/routing.py),
    and its `.public()` costs no query of its own."""

    objects = PageManager.from_queryset(ICASEPageQuerySet)()

    class Meta:
        abstract = True


RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ul", "ol"]


def theme_filter(queryset_model):
    """The themes that some live, public page of the type has, as a listing filter: the same for
    every visitor, so read once per content generation."""

    def options():
        themes = Theme.objects.filter(pk__in=queryset_model.objects.live().public().values("themes"))
        return options_from(themes.order_by("sort_order", "name"), label_attr="label")

    key = f"theme-options:{queryset_model._meta.label_lower}"
    return ListingFilter("theme", "Theme", read_once_per_generation(key, options), "themes__slug")


def resolve_chosen_pages(rows, with_themes=False):
    """Pair each row with the page it chose, as its specific type and in the rows' order.

    Editors choose pages (collection items, theme picks) that may later be unpublished or made
    private; those rows are left out rather than shown to people who cannot open them. One query
    fetches the pages, however many rows there are, and one per content type fetches what their
    cards show (a case study's pioneer; the themes too `with_themes`).
    """
    rows = list(rows)
    chosen = ICASEPageQuerySet(Page).filter(pk__in=[row.page_id for row in rows]).live().public()
    visible = {page.pk: page for page in chosen.specific()}
    by_type = {}
    for page in visible.values():
        by_type.setdefault(type(page), []).append(page)
    for page_type, pages in by_type.items():
        relations = card_relations(page_type)
        if with_themes and hasattr(page_type, "themes"):
            relations.append("themes")
        if relations:
            prefetch_related_objects(pages, *relations)
    return [(row, visible[row.page_id]) for row in rows if row.page_id in visible]


def card_relations(page_type):
    """The single-valued relations a listing card shows (a case study's pioneer), to fetch with
    the cards rather than one query per card."""
    return [
        field.name for field in page_type._meta.get_fields() if field.name == "pioneer" and field.many_to_one
    ]


class SummaryMixin(models.Model):
    """A plain-text summary used for cards, meta descriptions and search snippets."""

    summary = models.TextField(
        max_length=400, help_text="One or two sentences shown in listings and search results."
    )

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or self.summary


class IndexIntroMixin(models.Model):
    """Index pages open with a short editor-written introduction."""

    introduction = RichTextField(features=["bold", "italic", "link"], blank=True)

    class Meta:
        abstract = True

    def get_meta_description(self):
        return self.search_description or ""
