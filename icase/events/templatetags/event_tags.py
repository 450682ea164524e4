"""The registration panel on an event page, and the events a member attended on their page.

Content templates reach it through templates/includes/event_registration.html (as they reach the
community through includes/discussions.html), so cms never imports icase: the page model knows
nothing of bookings, and the panel is built here from the registrations, for the visitor viewing.
"""

from datetime import timedelta

from django import template
from django.urls import reverse
from django.utils import timezone

from cms.models import EventIndexPage
from icase.community.visibility import can_organise_event
from icase.links import absolute_url

from .. import services
from ..forms import RegistrationForm
from ..models import joining_link_visible

register = template.Library()


@register.inclusion_tag("events/includes/registration_panel.html", takes_context=True)
def event_registration(context, page):
    request = context.get("request")
    user = getattr(request, "user", None)
    now = timezone.now()
    closed = services.closed_reason(page, now)
    registration = services.registration_for(user, page) if user is not None and page.pk else None
    if registration is not None and registration.status == registration.CANCELLED:
        registration = None
    holds_place = registration is not None and registration.holds_place
    return {
        "request": request,
        "page": page,
        "signed_in": bool(user and user.is_authenticated),
        "closed_reason": closed,
        "registration": registration,
        "places_left": services.places_left(page, now) if not closed and page.capacity is not None else None,
        "form": RegistrationForm(),
        "can_confirm": bool(
            registration is not None
            and registration.status == registration.REGISTERED
            and page.is_scheduled
            and page.start <= now
        ),
        "show_joining_link": holds_place and joining_link_visible(page, now),
        "link_shows_at": _link_shows_at(page) if holds_place and page.joining_link else None,
        "messages": context.get("messages"),
        "can_organise": bool(user and can_organise_event(user, services.event_network(page))),
    }


@register.inclusion_tag("events/includes/attended_list.html", takes_context=True)
def events_attended(context, member):
    """On a member page: the events they attended, if they chose to list them."""
    viewer = context["request"].user
    events = services.attended_events(member, viewer)
    return {"events": list(events) if events is not None else None, "is_self": viewer.pk == member.pk}


@register.inclusion_tag("events/includes/network_events.html", takes_context=True)
def network_events(context, category, limit=5):
    """On a network's page: its coming events, then its latest past ones, as the visitor may see
    them, with a link to the events list filtered by the network."""
    events = services.network_events(category.slug, context["request"].user)
    index = EventIndexPage.objects.live().public().first()
    return {
        "category": category,
        "upcoming": list(events["upcoming"][:limit]),
        "past": list(events["past"][:limit]),
        "index": index,
    }


def _link_shows_at(page):
    return page.start - timedelta(minutes=page.joining_link_shown_minutes_before)


def webcal(url):
    """The webcal:// form of an http(s) calendar address: calendar apps open it as a subscription."""
    return "webcal://" + url.split("://", 1)[-1]


@register.inclusion_tag("events/includes/calendar_subscribe.html")
def calendar_subscribe(label, url_name, *args):
    """A calendar feed offered two ways: a webcal:// link that Outlook and Apple Calendar open as a
    subscription, and the https address to paste into Google Calendar ("From URL")."""
    address = absolute_url(reverse(url_name, args=args))
    return {"label": label, "address": address, "webcal": webcal(address)}
