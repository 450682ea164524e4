"""Learning events: the section index, and event pages that also serve an iCalendar file."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponse
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..calendar import event_to_ics
from ..listing import ListingFilter, filtered_listing, options_from_choices, year_options
from .mixins import RICH_TEXT_FEATURES, IndexIntroMixin, SummaryMixin, theme_filter
from .snippets import Theme


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
        response = HttpResponse(event_to_ics(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response
