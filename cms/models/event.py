"""Learning events: the section index, and event pages that also serve an iCalendar file."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from icase.links import page_url

from .. import audiences
from ..blocks import BodyBlock
from ..calendar import event_to_ics
from ..listing import (
    DateRangeFilter,
    FilterOption,
    ListingFilter,
    filtered_listing,
    options_from_choices,
    year_options,
)
from ..signals_api import validate_learning_event
from .mixins import (
    RICH_TEXT_FEATURES,
    ICASEPage,
    ICASEPageQuerySet,
    IndexIntroMixin,
    SummaryMixin,
    theme_filter,
)
from .pioneer import PioneerProfilePage
from .provenance import DAY, UNKNOWN, SourcedMixin, format_date, machine_date, precision_field
from .snippets import Theme


class NetworkFilter(ListingFilter):
    """Events that belong to a network: meant for its members, or run by it."""

    def apply(self, queryset):
        if not self.selected:
            return queryset
        return queryset.filter(Q(audience_network__in=self.selected) | Q(network__in=self.selected))


def network_filter(queryset, user):
    """The networks of the events listed, leaving out private networks `user` cannot see."""
    slugs = [queryset.values("audience_network"), queryset.values("network")]  # subqueries: one query
    names = audiences.network_names(user, slugs)
    return NetworkFilter("network", "Network", [FilterOption(s, n) for s, n in names.items()], "network")


class FormatFilter(ListingFilter):
    """In person, online or hybrid, as LearningEventPage.attendance_format reads the venue and
    "online" fields."""

    FORMATS = {
        "in-person": ("In person", ~Q(venue="") & Q(online=False)),
        "online": ("Online", Q(venue="") & Q(online=True)),
        "hybrid": ("Hybrid (in person and online)", ~Q(venue="") & Q(online=True)),
    }

    def __init__(self):
        options = [FilterOption(value, label) for value, (label, _) in self.FORMATS.items()]
        super().__init__("format", "Format", options, "format")

    def apply(self, queryset):
        if not self.selected:
            return queryset
        wanted = Q(pk__in=[])
        for value in self.selected:
            wanted |= self.FORMATS[value][1]
        return queryset.filter(wanted)


def region_and_year_filters(queryset):
    """The regions and years of the events listed (one query), as filters: a region or year no
    listed event has is not offered."""
    starts_and_regions = list(queryset.order_by().values_list("start", "region").distinct())
    regions = {region for _, region in starts_and_regions if region}
    region_options = [
        FilterOption(value, label) for value, label in PioneerProfilePage.REGION_CHOICES if value in regions
    ]
    years = year_options(start.year for start, _ in starts_and_regions if start)
    return [
        ListingFilter("region", "Region", region_options, "region"),
        DateRangeFilter("Date", "start"),
        ListingFilter("year", "Year", years, "start__year"),
    ]


class EventIndexPage(IndexIntroMixin, ICASEPage):
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
        queryset = LearningEventPage.objects.child_of(self).visible_to(request.user)
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
            FormatFilter(),
            theme_filter(LearningEventPage),
            network_filter(queryset, request.user),
            *region_and_year_filters(queryset),
        ]
        keep = [("when", "past")] if showing_past else []
        context.update(filtered_listing(request, queryset.prefetch_related("themes"), filters, keep))
        context["showing_past"] = showing_past
        if not showing_past:
            context["catch_up"] = self.catch_up(request.user, now)
        return context

    def catch_up(self, user, now, limit=6):
        """Past events with a resource pack (recording, slides, summary or documents): newest first."""
        return (
            LearningEventPage.objects.child_of(self)
            .visible_to(user)
            .with_pack()
            .filter(end__lt=now)
            .order_by(F("start").desc(nulls_last=True))[:limit]
        )


class LearningEventTag(TaggedItemBase):
    content_object = ParentalKey(
        "cms.LearningEventPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LearningEventQuerySet(ICASEPageQuerySet):
    def visible_to(self, user):
        """Live, public events `user` (None: an anonymous visitor) may see: not those meant for a
        private network they are not in (cms/audiences.py)."""
        return self.live().public().exclude(audience_network__in=audiences.hidden_networks(user))

    def with_pack(self):
        """Events with something to catch up with afterwards (the query form of `has_pack`)."""
        return self.filter(
            ~Q(recording_url="")
            | Q(recording_file__isnull=False)
            | Q(slides__isnull=False)
            | ~Q(event_summary="")
            | ~Q(documents=[])
        )

    def of_network(self, slug):
        """Events that belong to the network: meant for its members, or run by it."""
        return self.filter(Q(audience_network=slug) | Q(network=slug))


class LearningEventPage(RoutablePageMixin, SummaryMixin, SourcedMixin, ICASEPage):
    """An assembly, workshop, webinar, network meeting or conference, before and after it happens."""

    objects = PageManager.from_queryset(LearningEventQuerySet)()

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
    region = models.CharField(
        max_length=30,
        choices=PioneerProfilePage.REGION_CHOICES,
        blank=True,
        help_text="Where the event is held, or the region it is for. Empty: national, or not known.",
    )
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
    # Organiser settings for booking. Seeded events leave them empty: the sources give months at
    # most, never capacities, venues or links, so registration stays closed until an organiser opens it.
    registration_open = models.BooleanField(
        "Open for registration", default=False, help_text="Members can book a place on ICASE."
    )
    registration_opens_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: as soon as registration is open."
    )
    registration_closes_at = models.DateTimeField(null=True, blank=True, help_text="Empty: until the start.")
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Places available. Empty: unlimited. When full, members join a waiting list.",
    )
    venue_address = models.TextField(blank=True, help_text="The venue's full address, for in-person events.")
    joining_link = models.URLField(
        blank=True, help_text="Online events: shown only to registered attendees, from the time below."
    )
    joining_instructions = models.TextField(
        blank=True, help_text="How to join: passcode, dial-in, what to install."
    )
    joining_link_shown_minutes_before = models.PositiveSmallIntegerField(
        "Show the joining link (minutes before the start)", default=60
    )
    audience_network = models.SlugField(
        "Only for members of the network",
        max_length=80,
        blank=True,
        help_text="The network's short name (as in its address, /community/c/<name>/). Empty: any member.",
    )
    network = models.SlugField(
        "Run by the network",
        max_length=80,
        blank=True,
        help_text="The short name of the network the event belongs to: its page lists the event. "
        "Anyone may still come unless the event is only for its members (above).",
    )
    recording_file = models.ForeignKey(
        "cms.DescribedDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="After the event: an uploaded recording, if there is no link.",
    )
    documents = StreamField(
        [("document", DocumentChooserBlock())], blank=True, help_text="After the event: further documents."
    )
    key_points = models.TextField(blank=True, help_text="After the event: one key point a line.")

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
        FieldRowPanel([FieldPanel("venue"), FieldPanel("region"), FieldPanel("online")]),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
                FieldPanel("capacity"),
                FieldPanel("audience_network"),
                FieldPanel("network"),
                FieldPanel("venue_address"),
                FieldPanel("joining_link"),
                FieldPanel("joining_instructions"),
                FieldPanel("joining_link_shown_minutes_before"),
            ],
            heading="Registration",
        ),
        MultiFieldPanel(
            [
                FieldPanel("event_summary"),
                FieldPanel("key_points"),
                FieldPanel("recording_url"),
                FieldPanel("recording_file"),
                FieldPanel("slides"),
                FieldPanel("documents"),
            ],
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
        if self.registration_open and not self.is_scheduled:
            raise ValidationError(
                {"registration_open": "Give the date and time (to the day) before opening registration."}
            )
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            raise ValidationError({"registration_closes_at": "Registration must close after it opens."})
        # Rules that need registrations (capacity below the number booked, an unknown network)
        # live with the registrations: they answer this signal by raising ValidationError.
        validate_learning_event.send(sender=type(self), page=self)

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
        return " · ".join(part for part in parts if part)

    @property
    def is_past(self):
        return self.end is None or self.end < timezone.now()

    @property
    def attendance_format(self):
        """In person, online or hybrid: what the venue and "online" fields say together."""
        if self.venue and self.online:
            return "Hybrid (in person and online)"
        return "Online" if self.online else "In person" if self.venue else ""

    @property
    def network_slug(self):
        """The network the event belongs to: the one it is only for, else the one that runs it."""
        return self.audience_network or self.network

    @property
    def has_pack(self):
        """After the event: is there anything to catch up with? (`LearningEventQuerySet.with_pack`
        asks the same of the database.)"""
        return bool(
            self.recording_url
            or self.recording_file_id
            or self.slides_id
            or self.event_summary
            or self.documents
        )

    @property
    def key_point_list(self):
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    def structured_data(self):
        """schema.org/Event for search engines (only for events dated to the day)."""
        if not self.is_scheduled:
            return None
        modes = {
            "Online": "OnlineEventAttendanceMode",
            "In person": "OfflineEventAttendanceMode",
            "Hybrid (in person and online)": "MixedEventAttendanceMode",
        }
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": timezone.localtime(self.start).isoformat(),
            "endDate": timezone.localtime(self.end).isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "organizer": {"@type": "Organization", "name": self.organiser},
            "url": page_url(self),
        }
        if self.attendance_format:
            data["eventAttendanceMode"] = f"https://schema.org/{modes[self.attendance_format]}"
        if self.venue:
            address = self.venue_address.replace("\n", ", ") or self.venue
            data["location"] = {"@type": "Place", "name": self.venue, "address": address}
        elif self.online:
            data["location"] = {"@type": "VirtualLocation", "url": page_url(self)}
        return data

    @property
    def location_text(self):
        """Where it is, or "" when nobody has said: the page shows "Not known" and a listing or a
        calendar entry leaves it out (the source line says where the page's facts come from)."""
        if self.venue and self.online:
            return f"{self.venue} and online"
        return self.venue or ("Online" if self.online else "")

    def serve(self, request, *args, **kwargs):
        """A private network's event, like its threads, does not exist for anyone outside it."""
        if self.audience_network and self.audience_network in audiences.hidden_networks(request.user):
            raise Http404("No such event.")
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        if self.audience_network and self.audience_network in audiences.hidden_networks(None):
            return []
        return super().get_sitemap_urls(request)

    @path("")
    def event(self, request):
        response = self.render(request)
        if request.user.is_authenticated:
            # Signed-in members see their own booking and a form with a CSRF token: never cache it.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    @path("calendar/")
    def calendar(self, request):
        if not self.is_scheduled:
            raise Http404("This event has no date to put in a calendar.")
        response = HttpResponse(event_to_ics(self, request), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.slug}.ics"'
        return response
