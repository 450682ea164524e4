"""Case studies: the section index, the story pages in each pioneer's subtree and their outcomes.

The outcome model lives in outcomes.py; it is imported here so existing imports keep working.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..generation import read_once_per_generation
from ..listing import ListingFilter, filtered_listing, options_from, options_from_choices, year_options
from .mixins import ICASEPage, IndexIntroMixin, SummaryMixin, theme_filter
from .outcomes import CaseStudyOutcome  # noqa: F401 (re-exported: the model used to live here)
from .pioneer import PioneerProfilePage
from .provenance import SourcedMixin, format_date, machine_date, precision_field
from .snippets import IStatement, PopulationGroup, Theme


class CaseStudyIndexPage(IndexIntroMixin, ICASEPage):
    """Every case study, whichever pioneer's subtree it lives in."""

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "case study index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        queryset = CaseStudyPage.objects.live().public()
        # The options are the same for every visitor: read once per content generation.
        filters = read_once_per_generation("case-study-filters", lambda: self.listing_filters(queryset))
        queryset = (
            queryset.select_related("pioneer")
            .prefetch_related("themes", "population_groups")
            .order_by("-publication_date", "title")
        )
        context.update(filtered_listing(request, queryset, filters))
        return context

    @staticmethod
    def listing_filters(queryset):
        pioneers = PioneerProfilePage.objects.live().public().order_by("title")
        populations = PopulationGroup.objects.filter(pk__in=queryset.values("population_groups"))
        return [
            theme_filter(CaseStudyPage),
            ListingFilter("pioneer", "Pioneer", options_from(pioneers, "slug", "title"), "pioneer__slug"),
            ListingFilter(
                "population", "Population group", options_from(populations), "population_groups__slug"
            ),
            ListingFilter(
                "evaluation",
                "Evaluation",
                options_from_choices(CaseStudyPage.EVALUATION_CHOICES),
                "evaluation_status",
            ),
            ListingFilter(
                "year",
                "Year published",
                year_options(d.year for d in queryset.values_list("publication_date", flat=True)),
                "publication_date__year",
            ),
        ]


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey("cms.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items")


class CaseStudyPage(SummaryMixin, SourcedMixin, ICASEPage):
    """A pioneer's account of one piece of integrated care, with its measured outcomes."""

    routing_select_related = ("pioneer",)  # the page names its pioneer (cms/routing.py)

    EVALUATION_CHOICES = [
        ("not-reported", "No evaluation reported"),
        ("not-evaluated", "Not yet evaluated"),
        ("self-reported", "Reported by the pioneer"),
        ("local", "Local evaluation"),
        ("independent", "Independent evaluation"),
    ]
    SETTING_CHOICES = [
        ("home", "People's own homes"),
        ("community", "Community services"),
        ("primary-care", "Primary care"),
        ("hospital", "Hospital"),
        ("care-home", "Care homes"),
        ("whole-system", "Whole health and care system"),
    ]

    pioneer = models.ForeignKey(
        "cms.PioneerProfilePage",
        on_delete=models.PROTECT,
        related_name="case_studies",
        editable=False,
        help_text="Always the pioneer whose subtree holds the case study (set on save).",
    )
    themes = ParentalManyToManyField(Theme, related_name="case_studies")
    population_groups = ParentalManyToManyField(PopulationGroup, blank=True, related_name="case_studies")
    setting = models.CharField(max_length=20, choices=SETTING_CHOICES)
    evaluation_status = models.CharField(
        max_length=20,
        choices=EVALUATION_CHOICES,
        default="not-reported",
        help_text="“Independent” only when the source names an independent evaluator; “local” when the "
        "pioneer evaluated its own work; “reported by the pioneer” for figures without an evaluation.",
    )
    body = StreamField(BodyBlock())
    i_statements = ParentalManyToManyField(IStatement, blank=True, related_name="case_studies")
    contact = RichTextField(features=["bold", "link"], blank=True)
    publication_date = models.DateField(
        help_text="For a month or a year only, give its first day and set the precision below."
    )
    publication_date_precision = precision_field()
    review_date = models.DateField()
    awaiting_full_account = models.BooleanField(
        default=False,
        help_text="The source names this case study but does not describe it: the page says so and "
        "invites readers to ask the pioneer.",
    )
    tags = ClusterTaggableManager(through=CaseStudyTag, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member who shared this story through the “Share your story” form.",
    )
    credit = models.CharField(
        max_length=160,
        blank=True,
        help_text="Shown as “Shared by …” on the page, e.g. the member who sent the story in.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("credit"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("population_groups"),
        FieldRowPanel([FieldPanel("setting"), FieldPanel("evaluation_status")]),
        InlinePanel(
            "outcomes",
            heading="Outcomes",
            label="Outcome",
            help_text="Each measured result the source reports, in its words and with its qualifier. Leave "
            "period, population and baseline empty when the source does not give them; never estimate them.",
        ),
        FieldPanel("body"),
        FieldPanel("i_statements"),
        FieldPanel("contact"),
        FieldRowPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("publication_date_precision"),
                FieldPanel("review_date"),
            ]
        ),
        FieldPanel("awaiting_full_account"),
        FieldPanel("tags"),
        *SourcedMixin.source_panels,
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=3),
        index.SearchField("body"),
        index.RelatedFields("pioneer", [index.SearchField("title")]),
        index.RelatedFields("themes", [index.SearchField("name"), index.SearchField("short_name")]),
        index.RelatedFields("outcomes", [index.SearchField("metric")]),
        index.FilterField("evaluation_status"),
        index.FilterField("publication_date"),
    ]
    parent_page_types = ["cms.PioneerProfilePage"]
    subpage_types = []

    class Meta:
        verbose_name = "case study"

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.pioneer_id = parent.pk
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        """The theme tags and the sharing metadata both read the themes: one query for the two.
        A preview keeps the themes the editor has just chosen, which are not saved yet."""
        if not getattr(request, "is_preview", False):
            prefetch_related_objects([self], "themes")
        return super().get_context(request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        """A new case study is previewed before its first save, which is what sets its pioneer."""
        if self.pioneer_id is None and self.path:
            self.pioneer = self.get_parent().specific
        return super().serve_preview(request, mode_name)

    @property
    def publication_date_display(self):
        return format_date(self.publication_date, self.publication_date_precision)

    @property
    def publication_date_machine(self):
        return machine_date(self.publication_date, self.publication_date_precision)

    @property
    def listing_meta(self):
        return " · ".join(
            [self.pioneer.title, self.publication_date_display, self.get_evaluation_status_display()]
        )

    def clean(self):
        super().clean()
        if self.publication_date and self.review_date and self.review_date <= self.publication_date:
            raise ValidationError({"review_date": "The review date must be after the publication date."})

    @cached_property
    def other_case_studies_from_pioneer(self):
        return (
            CaseStudyPage.objects.live()
            .public()
            .filter(pioneer_id=self.pioneer_id)
            .exclude(pk=self.pk)
            .order_by("title")[:5]
        )
