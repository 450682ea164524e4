"""Themed collections: the section index and the editors' guided reading lists."""

from django import forms
from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..generation import once_per_generation_unless_preview
from ..listing import filtered_listing
from ..panels import ChosenPageInlinePanel
from .mixins import (
    RICH_TEXT_FEATURES,
    ICASEPage,
    IndexIntroMixin,
    SummaryMixin,
    resolve_chosen_pages,
    theme_filter,
)
from .snippets import Theme


class CollectionIndexPage(IndexIntroMixin, ICASEPage):
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ThemedCollectionPage"]
    max_count = 1

    class Meta:
        verbose_name = "themed collection index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        queryset = ThemedCollectionPage.objects.child_of(self).live().public()
        filters = [theme_filter(ThemedCollectionPage)]
        context.update(
            filtered_listing(request, queryset.prefetch_related("themes").order_by("title"), filters)
        )
        return context


class CollectionTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.ThemedCollectionPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CollectionItem(Orderable):
    collection = ParentalKey("cms.ThemedCollectionPage", on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    note = models.TextField(blank=True, max_length=500, help_text="Why this item is in the collection.")

    panels = [PageChooserPanel("page"), FieldPanel("note")]


FEATURED_ON_HOME = 3


def featured_on_home(candidate=None):
    """The live featured collections as (shown on the home page, left off), in title order.

    The home page has room for three; editors used to tick "featured" with no way to see that a
    fourth silently pushed one off. `candidate` is a collection being edited, counted as featured.
    """
    featured = list(ThemedCollectionPage.objects.live().public().filter(featured=True).order_by("title"))
    if candidate is not None and candidate.pk not in {page.pk for page in featured}:
        featured = sorted([*featured, candidate], key=lambda page: page.title)
    return featured[:FEATURED_ON_HOME], featured[FEATURED_ON_HOME:]


def featured_help(collection):
    """The featured box's help: what the home page shows, and what featuring this one would drop."""
    shown, dropped = featured_on_home(collection if collection.title else None)
    names = ", ".join(f"“{page.title}”" for page in shown)
    text = (
        f"The home page shows {FEATURED_ON_HOME} featured collections, in title order. With this one "
        f"featured it shows {names}"
    )
    if dropped:
        text += "; not shown: " + ", ".join(f"“{page.title}”" for page in dropped)
    return text + ". Untick another collection's box to make room."


class ThemedCollectionForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "featured" in self.fields:
            self.fields["featured"].help_text = featured_help(self.instance)


class ThemedCollectionPage(SummaryMixin, ICASEPage):
    """An editor's guided reading list across any kind of content."""

    introduction = RichTextField(features=RICH_TEXT_FEATURES)
    featured = models.BooleanField(default=False, help_text="Show on the home page.")
    themes = ParentalManyToManyField(Theme, related_name="collections")
    tags = ClusterTaggableManager(through=CollectionTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("introduction"),
        ChosenPageInlinePanel("items", heading="Items", label="Item"),
        FieldPanel("featured"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=3),
        index.SearchField("introduction"),
    ]
    parent_page_types = ["cms.CollectionIndexPage"]
    subpage_types = []

    listing_meta = "Themed collection"
    base_form_class = ThemedCollectionForm

    class Meta:
        verbose_name = "themed collection"

    def get_context(self, request, *args, **kwargs):
        """Resolve each item to its specific live page, skipping anything unpublished or private; a page
        chosen twice is fetched once."""
        context = super().get_context(request, *args, **kwargs)
        context["resolved_items"] = once_per_generation_unless_preview(
            request,
            f"collection-items:{self.pk}",
            lambda: resolve_chosen_pages(self.items.all(), with_themes=True),
        )
        return context
