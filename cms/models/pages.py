"""ICASE page types: one index page per section and the detail pages it holds."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import cached_property

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import BodyBlock, ToolkitSectionsBlock
from ..listing import (
    ListingFilter,
    filtered_listing,
    options_from,
    options_from_choices,
    year_options,
)
from .mixins import IndexIntroMixin, SummaryMixin
from .snippets import IStatement, PopulationGroup, Theme

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "link", "document-link", "ul", "ol"]


def theme_filter(queryset_model):
    themes = Theme.objects.filter(pk__in=queryset_model.objects.live().public().values("themes")).order_by(
        "sort_order", "name"
    )
    return ListingFilter("theme", "Theme", options_from(themes), "themes__slug")


class HomePage(Page):
    """The front door: what ICASE is, featured collections, latest case studies and events."""

    introduction = models.TextField(max_length=400)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CaseStudyIndexPage",
        "cms.PioneerIndexPage",
        "cms.ToolkitIndexPage",
        "cms.EventIndexPage",
        "cms.ThemeIndexPage",
        "cms.CollectionIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_meta_description(self):
        return self.search_description or self.introduction

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_collections"] = (
            ThemedCollectionPage.objects.live().public().filter(featured=True).order_by("title")[:3]
        )
        context["latest_case_studies"] = (
            CaseStudyPage.objects.live()
            .public()
            .select_related("pioneer")
            .prefetch_related("themes")
            .order_by("-publication_date", "title")[:6]
        )
        context["upcoming_events"] = (
            LearningEventPage.objects.live().public().filter(end__gte=timezone.now()).order_by("start")[:3]
        )
        context["themes"] = Theme.objects.all()
        return context


class StandardPage(Page):
    """About, accessibility statement, privacy notice and other plain pages."""

    summary = models.TextField(max_length=400)
    body = StreamField(BodyBlock())

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"

    def get_meta_description(self):
        return self.search_description or self.summary


# Pioneers -------------------------------------------------------------------------------------


class PioneerIndexPage(IndexIntroMixin, Page):
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
        context.update(filtered_listing(request, queryset.prefetch_related("themes"), filters))
        return context


class PioneerProfileTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.PioneerProfilePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class PioneerProfilePage(Page):
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
    summary = models.TextField(max_length=400)
    status = models.CharField(max_length=30, choices=STATUS_CHOICES, default="pioneer")
    wave = models.PositiveSmallIntegerField(default=1)
    year_joined = models.PositiveSmallIntegerField()
    region = models.CharField(max_length=30, choices=REGION_CHOICES)
    population_covered = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of residents covered, where published."
    )
    population_note = models.CharField(
        max_length=250, blank=True, help_text="E.g. a target group or test site."
    )
    lead_organisation = models.CharField(max_length=250)
    partner_organisations = models.TextField(help_text="One organisation per line.")
    client_groups = models.TextField(help_text="One group per line.")
    key_features = RichTextField(features=RICH_TEXT_FEATURES)
    vision = RichTextField(features=RICH_TEXT_FEATURES)
    objectives = RichTextField(features=RICH_TEXT_FEATURES)
    local_context = RichTextField(features=RICH_TEXT_FEATURES)
    achievements = RichTextField(features=RICH_TEXT_FEATURES)
    challenges = RichTextField(features=RICH_TEXT_FEATURES)
    learning = RichTextField(features=RICH_TEXT_FEATURES)
    contact_details = RichTextField(features=["bold", "link"], help_text="Who to contact and how.")
    themes = ParentalManyToManyField(Theme, blank=True, related_name="pioneers")
    tags = ClusterTaggableManager(through=PioneerProfileTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("summary"),
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
        ),
        FieldPanel("key_features"),
        FieldPanel("vision"),
        FieldPanel("objectives"),
        FieldPanel("local_context"),
        FieldPanel("achievements"),
        FieldPanel("challenges"),
        FieldPanel("learning"),
        FieldPanel("contact_details"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("short_name", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("partner_organisations"),
        index.SearchField("key_features"),
        index.SearchField("vision"),
        index.SearchField("achievements"),
        index.SearchField("learning"),
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
        return f"{self.get_region_display()} · {self.get_status_display()} since {self.year_joined}"

    @property
    def partner_list(self):
        return [line.strip() for line in self.partner_organisations.splitlines() if line.strip()]

    @property
    def client_group_list(self):
        return [line.strip() for line in self.client_groups.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["case_studies"] = (
            self.case_studies.live().public().prefetch_related("themes").order_by("title")
        )
        return context


# Case studies ---------------------------------------------------------------------------------


class CaseStudyIndexPage(IndexIntroMixin, Page):
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
        pioneers = PioneerProfilePage.objects.live().public().order_by("title")
        populations = PopulationGroup.objects.filter(pk__in=queryset.values("population_groups"))
        filters = [
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
        queryset = (
            queryset.select_related("pioneer")
            .prefetch_related("themes", "population_groups")
            .order_by("-publication_date", "title")
        )
        context.update(filtered_listing(request, queryset, filters))
        return context


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey("cms.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items")


class CaseStudyOutcome(Orderable):
    """A measured result, kept structured so outcomes can be compared and searched."""

    UNIT_CHOICES = [
        ("percent", "%"),
        ("gbp", "£"),
        ("people", "people"),
        ("admissions", "admissions"),
        ("days", "days"),
        ("ratio", "return on investment ratio"),
        ("count", "count"),
    ]

    page = ParentalKey("cms.CaseStudyPage", on_delete=models.CASCADE, related_name="outcomes")
    metric = models.CharField(max_length=160, help_text="What was measured, e.g. “non-elective admissions”.")
    change = models.DecimalField(
        max_digits=14, decimal_places=2, help_text="Negative for a reduction, e.g. -55 for a 55% fall."
    )
    unit = models.CharField(max_length=20, choices=UNIT_CHOICES, default="percent")
    period = models.CharField(
        max_length=160, help_text="Over what period or group, e.g. “first 134 patients”."
    )
    source = models.CharField(max_length=250, help_text="Where the figure comes from.")

    panels = [
        FieldPanel("metric"),
        FieldRowPanel([FieldPanel("change"), FieldPanel("unit")]),
        FieldPanel("period"),
        FieldPanel("source"),
    ]

    @property
    def direction(self):
        return "fall" if self.change < 0 else "rise"

    @property
    def display_change(self):
        magnitude = abs(self.change).normalize()
        magnitude_text = f"{magnitude:f}"
        if self.unit == "percent":
            return f"{'−' if self.change < 0 else '+'}{magnitude_text}%"
        if self.unit == "gbp":
            return f"£{abs(self.change):,.0f}"
        if self.unit == "ratio":
            return f"{magnitude_text}:1"
        return f"{magnitude_text} {self.get_unit_display()}"

    def __str__(self):
        return f"{self.metric}: {self.display_change} ({self.period})"


class CaseStudyPage(SummaryMixin, Page):
    """A pioneer's account of one piece of integrated care, with its measured outcomes."""

    EVALUATION_CHOICES = [
        ("not-evaluated", "Not yet evaluated"),
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
    evaluation_status = models.CharField(max_length=20, choices=EVALUATION_CHOICES, default="not-evaluated")
    body = StreamField(BodyBlock())
    i_statements = ParentalManyToManyField(IStatement, blank=True, related_name="case_studies")
    contact = RichTextField(features=["bold", "link"], blank=True)
    publication_date = models.DateField()
    review_date = models.DateField()
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
        InlinePanel("outcomes", heading="Outcomes", label="Outcome"),
        FieldPanel("body"),
        FieldPanel("i_statements"),
        FieldPanel("contact"),
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("review_date")]),
        FieldPanel("tags"),
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

    def serve_preview(self, request, mode_name):
        """A new case study is previewed before its first save, which is what sets its pioneer."""
        if self.pioneer_id is None and self.path:
            self.pioneer = self.get_parent().specific
        return super().serve_preview(request, mode_name)

    @property
    def listing_meta(self):
        return (
            f"{self.pioneer.title} · {self.publication_date:%B %Y} · {self.get_evaluation_status_display()}"
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


# Toolkits -------------------------------------------------------------------------------------


class ToolkitIndexPage(IndexIntroMixin, Page):
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


class ToolkitPage(SummaryMixin, Page):
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
    publication_date = models.DateField()
    review_date = models.DateField()
    tags = ClusterTaggableManager(through=ToolkitTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("publisher")]),
        FieldPanel("sections"),
        InlinePanel("downloads", heading="Downloads", label="Document"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("review_date")]),
        FieldPanel("tags"),
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

    class Meta:
        verbose_name = "toolkit"


# Learning events ------------------------------------------------------------------------------


class EventIndexPage(IndexIntroMixin, Page):
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.LearningEventPage"]
    max_count = 1

    class Meta:
        verbose_name = "learning event index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        showing_past = request.GET.get("when") == "past"
        queryset = LearningEventPage.objects.child_of(self).live().public()
        if showing_past:
            queryset = queryset.filter(end__lt=now).order_by("-start")
        else:
            queryset = queryset.filter(end__gte=now).order_by("start")
        filters = [
            ListingFilter(
                "type", "Type of event", options_from_choices(LearningEventPage.KIND_CHOICES), "kind"
            ),
            theme_filter(LearningEventPage),
            ListingFilter(
                "year",
                "Year",
                year_options(d.year for d in queryset.values_list("start", flat=True)),
                "start__year",
            ),
        ]
        keep = [("when", "past")] if showing_past else []
        context.update(filtered_listing(request, queryset.prefetch_related("themes"), filters, keep))
        context["showing_past"] = showing_past
        return context


class LearningEventTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.LearningEventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LearningEventPage(RoutablePageMixin, SummaryMixin, Page):
    """An assembly, workshop, webinar, network meeting or conference, before and after it happens."""

    KIND_CHOICES = [
        ("assembly", "Pioneer assembly"),
        ("workshop", "Workshop"),
        ("webinar", "Webinar"),
        ("network", "Network meeting"),
        ("conference", "Conference"),
    ]

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue = models.CharField(max_length=250, blank=True, help_text="Leave empty for an online-only event.")
    online = models.BooleanField(default=False, help_text="Can people join online?")
    organiser = models.CharField(max_length=200)
    body = StreamField(BodyBlock())
    themes = ParentalManyToManyField(Theme, related_name="events")
    recording_url = models.URLField(blank=True, help_text="After the event: where to watch it again.")
    slides = models.ForeignKey(
        "cms.DescribedDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    event_summary = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="After the event: what was discussed and agreed."
    )
    tags = ClusterTaggableManager(through=LearningEventTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("organiser")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("online")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("event_summary"), FieldPanel("recording_url"), FieldPanel("slides")],
            heading="After the event",
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=3),
        index.SearchField("body"),
        index.SearchField("event_summary"),
        index.SearchField("organiser"),
        index.FilterField("kind"),
        index.FilterField("start"),
    ]
    parent_page_types = ["cms.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "learning event"

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The event must end after it starts."})
        if not self.venue and not self.online:
            raise ValidationError({"venue": "Give a venue, or tick “online” for an online event."})

    @property
    def listing_meta(self):
        start = timezone.localtime(self.start)
        return f"{self.get_kind_display()} · {start:%-d %B %Y} · {self.location_text}"

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def location_text(self):
        if self.venue and self.online:
            return f"{self.venue} and online"
        return self.venue or "Online"

    @path("")
    def event(self, request):
        return self.render(request)

    @path("calendar/")
    def calendar(self, request):
        from ..calendar import event_to_ics

        response = HttpResponse(event_to_ics(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response


# Themes ---------------------------------------------------------------------------------------


class ThemeIndexPage(RoutablePageMixin, IndexIntroMixin, Page):
    """Lists the themes, and serves one page per theme with everything tagged with it."""

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "theme index"

    @path("")
    def theme_list(self, request):
        themes = Theme.objects.all()
        return self.render(
            request,
            context_overrides={
                "enablers": [t for t in themes if t.kind == Theme.ENABLER],
                "care_models": [t for t in themes if t.kind == Theme.CARE_MODEL],
            },
        )

    @path("<slug:slug>/")
    def theme_detail(self, request, slug):
        from django.shortcuts import get_object_or_404

        theme = get_object_or_404(Theme, slug=slug)
        sections = [
            ("Case studies", "case-studies", CaseStudyPage.objects.select_related("pioneer")),
            ("Toolkits", "toolkits", ToolkitPage.objects.all()),
            ("Learning events", "events", LearningEventPage.objects.all()),
            ("Themed collections", "collections", ThemedCollectionPage.objects.all()),
            ("Pioneers", "pioneers", PioneerProfilePage.objects.all()),
        ]
        content = [
            (label, anchor, list(queryset.live().public().filter(themes=theme).order_by("title")))
            for label, anchor, queryset in sections
        ]
        picks = list(theme.picks.all())
        visible = {
            page.pk: page
            for page in Page.objects.filter(pk__in=[pick.page_id for pick in picks])
            .live()
            .public()
            .specific()
        }
        return self.render(
            request,
            context_overrides={
                "theme": theme,
                "sections": [s for s in content if s[2]],
                "picks": [(pick, visible[pick.page_id]) for pick in picks if pick.page_id in visible],
            },
            template="cms/theme_page.html",
        )


# Themed collections ---------------------------------------------------------------------------


class CollectionIndexPage(IndexIntroMixin, Page):
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


class ThemedCollectionPage(SummaryMixin, Page):
    """An editor's guided reading list across any kind of content."""

    introduction = RichTextField(features=RICH_TEXT_FEATURES)
    featured = models.BooleanField(default=False, help_text="Show on the home page.")
    themes = ParentalManyToManyField(Theme, related_name="collections")
    tags = ClusterTaggableManager(through=CollectionTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("introduction"),
        InlinePanel("items", heading="Items", label="Item"),
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

    class Meta:
        verbose_name = "themed collection"

    def get_context(self, request, *args, **kwargs):
        """Resolve each item to its specific live page, skipping anything unpublished or private."""
        context = super().get_context(request, *args, **kwargs)
        items = list(self.items.all())
        visible = {
            page.pk: page
            for page in Page.objects.filter(pk__in=[item.page_id for item in items])
            .live()
            .public()
            .specific()
        }
        context["resolved_items"] = [
            (item, visible[item.page_id]) for item in items if item.page_id in visible
        ]
        by_type = {}
        for page in visible.values():
            if hasattr(page, "themes"):
                by_type.setdefault(type(page), []).append(page)
        for pages in by_type.values():  # one query per content type, however long the collection
            prefetch_related_objects(pages, "themes")
        return context
