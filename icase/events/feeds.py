"""Calendar feeds that Outlook and Google Calendar subscribe to (webcal:// links).

The public feeds (all events, a theme's, a public network's) list upcoming live public events,
leaving out those for a private network's members; the personal feed, at a secret address a
member can reset, lists the events they have a place at, with the joining link and address an
attendee gets.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from cms.models import LearningEventPage, Theme
from icase.community.models import Category

from .calendars import feed_ics
from .models import CalendarKey, Registration, new_calendar_key


def upcoming_public_events():
    return (
        LearningEventPage.objects.visible_to(None)
        .filter(start__isnull=False, end__gte=timezone.now(), date_precision="day")
        .order_by("start")
    )


def _calendar(body, filename):
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def all_events(request):
    return _calendar(feed_ics("ICASE learning events", upcoming_public_events()), "icase-events.ics")


def theme_events(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    events = upcoming_public_events().filter(themes=theme)
    return _calendar(feed_ics(f"ICASE learning events: {theme.name}", events), f"icase-{theme.slug}.ics")


def network_events(request, slug):
    """A public network's events. A private network has no public feed: a calendar app sends no
    sign-in, and its events are for its members only (they have the personal feed)."""
    network = get_object_or_404(Category.objects.filter(is_private=False), slug=slug)
    events = upcoming_public_events().of_network(network.slug)
    return _calendar(feed_ics(f"ICASE learning events: {network.name}", events), f"icase-{network.slug}.ics")


def personal_events(request, key):
    calendar_key = CalendarKey.objects.filter(key=key).select_related("user").first()
    if calendar_key is None or not calendar_key.user.is_active:
        raise Http404("No calendar at this address.")
    registrations = (
        Registration.objects.filter(user=calendar_key.user, event__live=True, event__start__isnull=False)
        .booked()
        .select_related("event")
        .order_by("event__start")
    )
    response = _calendar(
        feed_ics("Your ICASE events", [r.event for r in registrations], attendee=True), "mine.ics"
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def calendar_key_for(user):
    return CalendarKey.objects.get_or_create(user=user)[0]


@login_required
@require_POST
def reset_key(request):
    """A new secret address: calendars subscribed to the old one stop updating."""
    CalendarKey.objects.update_or_create(user=request.user, defaults={"key": new_calendar_key()})
    messages.success(
        request, "Your calendar has a new address. Subscribe to it again; the old one no longer works."
    )
    return redirect("events:yours")
