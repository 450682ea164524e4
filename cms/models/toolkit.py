"""Toolkits: the section index and the guides, tools and templates it holds."""

from django import forms
from django.db import models

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import ToolkitSectionsBlock
from ..listing import ListingFilter, filtered_listing, options_from_choices
from .mixins import ICASEPage, IndexIntroMixin, SummaryMixin, theme_filter
from .provenance import SourcedMixin, format_date, precision_field
from .snippets import Theme


class ToolkitIndexPage(IndexIntroMixin, ICASEPage):
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ToolkitPage"]
    max_count = 1

    class Meta:
        verbose_name = "toolkit index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        queryset = ToolkitPage.objects.child_of(self).live().public()
        filters = [
            ListingFilter("type", "Type", options_from_choices(ToolkitPage.KIND_CHOICES), "kind"),
            theme_filter(ToolkitPage),
        ]
        context.update(
            filtered_listing(request, queryset.prefetch_related("themes").order_by("title"), filters)
        )
        return context


class ToolkitTag(TaggedItemBase):
    content_object = ParentalKey("cms.ToolkitPage", on_delete=models.CASCADE, related_name="tagged_items")


class ToolkitDocument(Orderable):
    page = ParentalKey("cms.ToolkitPage", on_delete=models.CASCADE, related_name="downloads")
    document = models.ForeignKey("cms.DescribedDocument", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("document")]


class ToolkitPage(SummaryMixin, SourcedMixin, ICASEPage):
    """A reusable guide, tool or template that helps a locality do something."""

    KIND_CHOICES = [
        ("how-to", "How-to guide"),
        ("top-tips", "Top tips"),
        ("tool", "Tool"),
        ("template", "Template"),
    ]

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    publisher = models.CharField(max_length=200, help_text="Who produced it, e.g. “Skills for Care”.")
    sections = StreamField(ToolkitSectionsBlock())
    themes = ParentalManyToManyField(Theme, related_name="toolkits")
    publication_date = models.DateField(
        help_text="For a month or a year only, give its first day and set the precision."
    )
    publication_date_precision = precision_field()
    review_date = models.DateField()
    tags = ClusterTaggableManager(through=ToolkitTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("publisher")]),
        FieldPanel("sections"),
        InlinePanel("downloads", heading="Downloads", label="Document"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("publication_date_precision"),
                FieldPanel("review_date"),
            ]
        ),
        FieldPanel("tags"),
        *SourcedMixin.source_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=3),
        index.SearchField("sections"),
        index.SearchField("publisher"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["cms.ToolkitIndexPage"]
    subpage_types = []

    @property
    def listing_meta(self):
        return f"{self.get_kind_display()} · {self.publisher}"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["downloads"] = list(self.downloads.select_related("document"))
        return context

    @property
    def publication_date_display(self):
        return format_date(self.publication_date, self.publication_date_precision)

    class Meta:
        verbose_name = "toolkit"
