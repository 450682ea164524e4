"""Behaviour shared by ICASE page types: abstract bases and the helpers several sections use."""

from django.db import models

from wagtail.fields import RichTextField
from wagtail.models import Page

from ..listing import ListingFilter, options_from
from .snippets import Theme

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ul", "ol"]


def theme_filter(queryset_model):
    themes = Theme.objects.filter(pk__in=queryset_model.objects.live().public().values("themes")).order_by(
        "sort_order", "name"
    )
    return ListingFilter("theme", "Theme", options_from(themes, label_attr="label"), "themes__slug")


def resolve_chosen_pages(rows):
    """Pair each row with the page it chose, as its specific type and in the rows' order.

    Editors choose pages (collection items, theme picks) that may later be unpublished or made
    private; those rows are left out rather than shown to people who cannot open them. One query
    fetches the pages, however many rows there are.
    """
    rows = list(rows)
    visible = {
        page.pk: page
        for page in Page.objects.filter(pk__in=[row.page_id for row in rows]).live().public().specific()
    }
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
