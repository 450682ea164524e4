"""Members book, cancel and accept places, confirm they attended; "Your events", where they choose
whether their member page lists the events they attended. The rules are in services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cms.models import EventIndexPage, LearningEventPage

from . import services
from .feeds import calendar_key_for
from .forms import ListAttendedForm, RegistrationForm
from .models import EventSettings, Registration, joining_link_visible

MAX_ID = 2**31 - 1  # page ids are 32-bit; a longer number in the address is no page, not an error


def event_or_404(pk):
    if pk > MAX_ID:
        raise Http404("No such event.")
    return get_object_or_404(LearningEventPage.objects.live().public(), pk=pk)


@login_required
def register(request, pk):
    """GET: the booking form on its own page; POST: book (the event page's button posts here).
    A refusal shows the reason with what the member typed, never an error page."""
    event = event_or_404(pk)
    form = RegistrationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(request.user, event, **form.cleaned_data)
        except services.RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if registration.status == Registration.WAITLISTED:
                messages.info(request, "This event is full, so you're on the waiting list.")
            else:
                messages.success(request, "You're registered. We have emailed you the details.")
            return redirect(event.url)
    return TemplateResponse(
        request,
        "events/register.html",
        {"event": event, "form": form, "closed_reason": services.closed_reason(event)},
        status=400 if form.errors else 200,
    )


def _change(request, pk, action, done):
    event = event_or_404(pk)
    try:
        action(request.user, event)
    except services.RegistrationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    if request.POST.get("next") == "yours":
        return redirect("events:yours")
    return redirect(event.url)


@login_required
@require_POST
def cancel(request, pk):
    return _change(request, pk, services.cancel, "Your registration is cancelled.")


@login_required
@require_POST
def accept(request, pk):
    return _change(request, pk, services.accept_offer, "You're registered. We have emailed you the details.")


@login_required
@require_POST
def attended(request, pk):
    return _change(request, pk, services.confirm_attendance, "Thank you: you attended this event.")


@login_required
@require_POST
def list_attended(request):
    form = ListAttendedForm(request.POST)
    form.is_valid()  # a checkbox: absent or anything else means "no"
    listed = form.cleaned_data.get("list_attended", False)
    EventSettings.objects.update_or_create(user=request.user, defaults={"list_attended": listed})
    messages.success(
        request,
        "Your member page lists the events you attended."
        if listed
        else "Your member page does not list the events you attended.",
    )
    return redirect("events:yours")


@login_required
def yours(request):
    """The member's events: coming up (booked, offered, waiting) and past ones."""
    now = timezone.now()
    registrations = list(
        Registration.objects.filter(user=request.user, event__live=True)
        .active()
        .select_related("event")
        .order_by("event__start")
    )
    for registration in registrations:
        registration.show_joining_link = registration.holds_place and joining_link_visible(
            registration.event, now
        )
        registration.can_confirm = registration.status == Registration.REGISTERED and (
            registration.event.is_scheduled and registration.event.start <= now
        )
    upcoming = [r for r in registrations if r.event.end and r.event.end >= now]
    past = [r for r in registrations if not (r.event.end and r.event.end >= now)]
    past.reverse()
    index = EventIndexPage.objects.live().public().first()
    settings = EventSettings.objects.filter(user=request.user).first()
    return TemplateResponse(
        request,
        "events/yours.html",
        {
            "upcoming": upcoming,
            "past": past,
            "events_index": index,
            "list_form": ListAttendedForm(
                initial={"list_attended": bool(settings and settings.list_attended)}
            ),
            "calendar_key": calendar_key_for(request.user).key,
        },
    )
