"""Pioneers: the section index and one profile page per pioneer locality."""

from django import forms
from django.db import models
from django.db.models import prefetch_related_objects

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..generation import once_per_generation_unless_preview
from ..listing import ListingFilter, filtered_listing, options_from_choices, year_options
from .mixins import RICH_TEXT_FEATURES, ICASEPage, IndexIntroMixin
from .provenance import SourcedMixin
from .snippets import Theme


class PioneerIndexPage(IndexIntroMixin, ICASEPage):
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.PioneerProfilePage"]
    max_count = 1

    class Meta:
        verbose_name = "pioneer index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        queryset = PioneerProfilePage.objects.child_of(self).live().public().order_by("title")
        filters = [
            ListingFilter(
                "region", "Region", options_from_choices(PioneerProfilePage.REGION_CHOICES), "region"
            ),
            ListingFilter(
                "status",
                "Programme status",
                options_from_choices(PioneerProfilePage.STATUS_CHOICES),
                "status",
            ),
            ListingFilter(
                "year",
                "Year joined",
                year_options(queryset.values_list("year_joined", flat=True)),
                "year_joined",
            ),
        ]
        # All fifteen on one page (an A to Z and a grouping by region), not twelve and a page 2.
        context.update(filtered_listing(request, queryset.prefetch_related("themes"), filters, per_page=None))
        pioneers = list(context["items"])
        regions = [
            (label, [pioneer for pioneer in pioneers if pioneer.region == value])
            for value, label in PioneerProfilePage.REGION_CHOICES
        ]
        context["regions"] = [(label, members) for label, members in regions if members]
        return context


class PioneerProfileTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.PioneerProfilePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PioneerProfilePage(SourcedMixin, ICASEPage):
    """A pioneer locality's own profile: who is involved, what they set out to do and what they learnt."""

    REGION_CHOICES = [
        ("north-east", "North East"),
        ("north-west", "North West"),
        ("yorkshire-humber", "Yorkshire and the Humber"),
        ("west-midlands", "West Midlands"),
        ("east-of-england", "East of England"),
        ("london", "London"),
        ("south-east", "South East"),
        ("south-west", "South West"),
    ]
    STATUS_CHOICES = [("pioneer", "Integrated care pioneer"), ("advanced-supporter", "Advanced supporter")]

    short_name = models.CharField(max_length=60, help_text="Used on cards and filters, e.g. “WELC”.")
    other_names = models.TextField(
        blank=True,
        help_text=(
            "Other names searchers use for this pioneer, one per line: towns, test sites and"
            " partners’ names as the sources give them (e.g. “Eltham”, “Kernow”). A search naming"
            " one shows this pioneer’s pages first."
        ),
    )
    summary = models.TextField(max_length=400)
    status = models.CharField(max_length=30, choices=STATUS_CHOICES, default="pioneer")
    wave = models.PositiveSmallIntegerField(default=1)
    year_joined = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Leave empty when the sources do not say."
    )
    region = models.CharField(max_length=30, choices=REGION_CHOICES)
    population_covered = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of residents covered, where published."
    )
    population_note = models.CharField(
        max_length=250, blank=True, help_text="E.g. a target group or test site."
    )
    lead_organisation = models.CharField(
        max_length=250, blank=True, help_text="Only when the source says who leads; otherwise leave empty."
    )
    partner_organisations = models.TextField(blank=True, help_text="One organisation per line.")
    client_groups = models.TextField(blank=True, help_text="One group per line.")
    # Sections the pioneer's own profile fills in; empty ones are not shown, so nothing is invented
    # to fill a heading.
    key_features = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    vision = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    objectives = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    local_context = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    achievements = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    challenges = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    learning = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    contact_details = RichTextField(
        features=["bold", "link"],
        blank=True,
        help_text="A published address or line only; members who answer questions are listed "
        "automatically from their profiles.",
    )
    themes = ParentalManyToManyField(Theme, blank=True, related_name="pioneers")
    tags = ClusterTaggableManager(through=PioneerProfileTag, blank=True)

    # The edit form follows the profile as it is read: tabs for the overview, what the pioneer set
    # out to do, how it went, and who to contact and where the facts come from. Each section's help
    # says what a good one holds, since empty sections are simply not shown.
    overview_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("other_names"),
        FieldPanel(
            "summary",
            help_text="Two or three sentences for cards and search results: who the pioneer is, the "
            "area it covers and what it is known for. 400 characters at most.",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("wave"), FieldPanel("year_joined")]),
                FieldPanel("region"),
                FieldRowPanel([FieldPanel("population_covered"), FieldPanel("population_note")]),
                FieldPanel("lead_organisation"),
                FieldPanel("partner_organisations"),
                FieldPanel("client_groups"),
            ],
            heading="At a glance",
            help_text="The facts in the profile's summary table. Leave a fact empty when no source "
            "gives it: the page then says it is not given.",
        ),
        FieldPanel(
            "key_features",
            help_text="The few things that make this pioneer's model distinctive, as a short bulleted "
            "list a visitor can scan, e.g. a single point of access or a shared care record.",
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    vision_panels = [
        FieldPanel(
            "vision",
            help_text="What integrated care should feel like for local people, in their terms, in a "
            "short paragraph. Good: “people tell their story once”. Not a list of services.",
        ),
        FieldPanel(
            "objectives",
            help_text="What the pioneer set out to change, as a bulleted list, each specific enough to "
            "show progress against (what, for whom, by when where known).",
        ),
        FieldPanel(
            "local_context",
            help_text="What a reader elsewhere needs to compare: the population and its needs, the "
            "organisations involved and what was already in place.",
        ),
    ]
    progress_panels = [
        FieldPanel(
            "achievements",
            help_text="What has changed so far, with figures only where a source gives them, each "
            "with its period and source, e.g. “emergency admissions fell by [figure] over [period] "
            "([source])”.",
        ),
        InlinePanel(
            "outcomes",
            heading="Measured outcomes",
            label="Outcome",
            help_text="Each figure the source gives for the pioneer itself (a service or pilot site with "
            "no case study here), in its words and with its qualifier; a figure the source gives for a "
            "case study goes on that case study. Leave period, population and baseline empty when the "
            "source does not give them; never estimate them.",
        ),
        FieldPanel(
            "challenges",
            help_text="What got in the way and how the pioneer responded: honest accounts help others "
            "most. Name barriers (data sharing, contracts, workforce), not people.",
        ),
        FieldPanel(
            "learning",
            help_text="What the pioneer would tell another area starting out: a few practical lessons, "
            "each one or two sentences.",
        ),
    ]
    contact_panels = [
        FieldPanel("contact_details"),
        *SourcedMixin.source_panels,
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(overview_panels, heading="Overview"),
            ObjectList(vision_panels, heading="Vision and objectives"),
            ObjectList(progress_panels, heading="Progress and learning"),
            ObjectList(contact_panels, heading="Contacts and sources"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )
    search_fields = Page.search_fields + [
        index.SearchField("short_name", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("partner_organisations"),
        index.SearchField("key_features"),
        index.SearchField("vision"),
        index.SearchField("achievements"),
        index.SearchField("learning"),
        index.RelatedFields("outcomes", [index.SearchField("metric")]),
        index.FilterField("region"),
    ]
    parent_page_types = ["cms.PioneerIndexPage"]
    subpage_types = ["cms.CaseStudyPage"]  # a pioneer's stories live in its own subtree

    class Meta:
        verbose_name = "pioneer profile"

    def get_meta_description(self):
        return self.search_description or self.summary

    @property
    def listing_meta(self):
        if self.year_joined:
            return f"{self.get_region_display()} · {self.get_status_display()} since {self.year_joined}"
        return f"{self.get_region_display()} · {self.get_status_display()}"

    PROFILE_SECTIONS = [
        ("key_features", "Key features"),
        ("vision", "Vision"),
        ("objectives", "Objectives"),
        ("local_context", "Local context"),
        ("achievements", "Achievements reported"),
        ("challenges", "Challenges"),
        ("learning", "Learning"),
    ]
    OWN_PROFILE_FIELDS = ["vision", "objectives", "local_context", "challenges", "learning"]

    @property
    def profile_sections(self):
        """The sections that have content, as (heading, rich text); empty ones get no heading."""
        return [
            (heading, getattr(self, name)) for name, heading in self.PROFILE_SECTIONS if getattr(self, name)
        ]

    @property
    def awaiting_profile(self):
        """True while the pioneer's own profile sections are empty (the sources do not include them)."""
        return not any(getattr(self, name) for name in self.OWN_PROFILE_FIELDS)

    @property
    def partner_list(self):
        return [line.strip() for line in self.partner_organisations.splitlines() if line.strip()]

    @property
    def client_group_list(self):
        return [line.strip() for line in self.client_groups.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        """The theme tags and the sharing metadata both read the themes: one query for the two.
        A preview keeps the themes the editor has just chosen, which are not saved yet."""
        if not getattr(request, "is_preview", False):
            prefetch_related_objects([self], "themes")
        context = super().get_context(request, *args, **kwargs)
        context["case_studies"] = once_per_generation_unless_preview(
            request,
            f"pioneer-case-studies:{self.pk}",
            lambda: list(self.case_studies.live().public().prefetch_related("themes").order_by("title")),
        )
        return context
