"""Learning events: the section index, and event pages that also serve an iCalendar file."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.utils import timezone

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from ..calendar import event_to_ics
from ..listing import ListingFilter, filtered_listing, options_from_choices, year_options
from .mixins import RICH_TEXT_FEATURES, IndexIntroMixin, SummaryMixin, theme_filter
from .provenance import DAY, UNKNOWN, SourcedMixin, format_date, machine_date, precision_field
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
        if showing_past:  # events the sources record without a date are past, listed last
            queryset = queryset.filter(Q(end__lt=now) | Q(end__isnull=True)).order_by(
                F("start").desc(nulls_last=True), "title"
            )
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
                year_options(d.year for d in queryset.values_list("start", flat=True) if d),
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


class LearningEventPage(RoutablePageMixin, SummaryMixin, SourcedMixin, Page):
    """An assembly, workshop, webinar, network meeting or conference, before and after it happens."""

    KIND_CHOICES = [
        ("assembly", "Pioneer assembly"),
        ("workshop", "Workshop"),
        ("webinar", "Webinar"),
        ("network", "Network meeting"),
        ("conference", "Conference"),
    ]

    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    start = models.DateTimeField(
        null=True, blank=True, help_text="Empty when the source does not date the event."
    )
    end = models.DateTimeField(null=True, blank=True)
    date_precision = precision_field()
    sample_content = models.BooleanField(
        default=False,
        help_text="Sample content: not a real event. The page says so in a warning; an editor must "
        "replace it with a real event or delete it.",
    )
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
        HelpPanel(
            content="<p><strong>Sample content</strong> is not a real event: it is there to show how "
            "an event page looks. Its page says so in a warning, and its title shows "
            "“[Sample content]” in the admin. Replace it with a real event or delete it.</p>",
            heading="Sample content",
        ),
        FieldPanel("sample_content"),
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("organiser")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("date_precision")]),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("online")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("event_summary"), FieldPanel("recording_url"), FieldPanel("slides")],
            heading="After the event",
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
        *SourcedMixin.source_panels,
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
        if self.date_precision != UNKNOWN and not (self.start and self.end):
            raise ValidationError(
                {"start": "Give the start and end, or set the date precision to “Not known”."}
            )
        if self.is_scheduled and not self.venue and not self.online:
            raise ValidationError({"venue": "Give a venue, or tick “online” for an online event."})

    def get_admin_display_title(self):
        title = super().get_admin_display_title()
        return f"[Sample content] {title}" if self.sample_content else title

    @property
    def is_scheduled(self):
        """Dated to the day, so it can go in a calendar and needs a place."""
        return self.date_precision == DAY and self.start is not None

    @property
    def date_display(self):
        if not self.is_scheduled:
            return format_date(self.start, self.date_precision)
        return format_date(timezone.localtime(self.start).date(), DAY)

    @property
    def date_machine(self):
        if self.start is None:
            return ""
        return machine_date(timezone.localtime(self.start).date(), self.date_precision)

    @property
    def listing_meta(self):
        parts = ["Sample content"] if self.sample_content else []
        parts += [self.get_kind_display(), self.date_display, self.location_text]
        return " · ".join(parts)

    @property
    def is_past(self):
        return self.end is None or self.end < timezone.now()

    @property
    def location_text(self):
        if self.venue and self.online:
            return f"{self.venue} and online"
        if self.venue or self.online:
            return self.venue or "Online"
        return "Venue not given in the source"

    @path("")
    def event(self, request):
        return self.render(request)

    @path("calendar/")
    def calendar(self, request):
        if not self.is_scheduled:
            raise Http404("This event has no date to put in a calendar.")
        response = HttpResponse(event_to_ics(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response
