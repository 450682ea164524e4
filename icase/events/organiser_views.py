"""The organisers' pages for one event: attendees (add, remove, attendance, number of places and
whom to move to the waiting list when it falls), message, CSV.
Only organisers (visibility.can_organise_event): others get 403, anonymous visitors sign in."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from icase.community.visibility import can_organise_event

from . import organising, services
from .forms import AddAttendeeForm, CapacityForm, MessageAttendeesForm
from .models import Registration
from .views import event_or_404


def organiser_required(view):
    def wrapper(request, pk, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        event = event_or_404(pk)
        if not can_organise_event(request.user, services.event_network(event)):
            raise PermissionDenied
        return view(request, event, *args, **kwargs)

    return wrapper


def _registrations(event):
    return (
        Registration.objects.filter(event=event)
        .active()
        .select_related("user__profile")
        .order_by("status", "queued_at", "pk")
    )


def _places_message(event, capacity, moved):
    places = "unlimited places" if capacity is None else f"{capacity} place{'s' if capacity != 1 else ''}"
    done = f"The event now has {places}."
    if moved:
        done += f" {len(moved)} moved to the waiting list; we have told them by email and on the site."
    return done


@organiser_required
def attendees(request, event):
    action = request.POST.get("action") if request.method == "POST" else None
    add_form = AddAttendeeForm(request.POST if action == "add" else None)
    capacity_form = CapacityForm(
        request.POST if action == "capacity" else None, initial={"capacity": event.capacity}
    )
    if action == "capacity" and capacity_form.is_valid():
        capacity = capacity_form.cleaned_data["capacity"]
        if organising.to_move(event, capacity):  # fewer places than members with one: choose first
            return redirect(f"{reverse('events:capacity', args=[event.pk])}?capacity={capacity}")
        organising.change_capacity(event, capacity, user=request.user)
        messages.success(request, _places_message(event, capacity, []))
        return redirect("events:attendees", event.pk)
    if request.method == "POST":
        try:
            if action == "add" and add_form.is_valid():
                organising.add_attendee(event, add_form.cleaned_data["email"])
                messages.success(request, "Attendee added. We have emailed them the details.")
                return redirect("events:attendees", event.pk)
            if action == "remove":
                organising.remove_attendee(event, request.POST.get("registration", ""))
                messages.success(request, "Attendee removed. Their place goes to the waiting list.")
                return redirect("events:attendees", event.pk)
            if action == "attendance":
                organising.mark_attendance(event, request.POST.getlist("attended"))
                messages.success(request, "Attendance saved.")
                return redirect("events:attendees", event.pk)
        except services.RegistrationRefused as refusal:
            if action == "add":
                add_form.add_error("email", refusal.message)
            else:
                messages.error(request, refusal.message)
                return redirect("events:attendees", event.pk)
    registrations = list(_registrations(event))
    return TemplateResponse(
        request,
        "events/attendees.html",
        {
            "event": event,
            "registrations": registrations,
            "booked": [r for r in registrations if r.holds_place],
            "waiting": [r for r in registrations if not r.holds_place],
            "places_left": services.places_left(event),
            "add_form": add_form,
            "capacity_form": capacity_form,
        },
        status=400 if add_form.errors or capacity_form.errors else 200,
    )


@organiser_required
def capacity(request, event):
    """Fewer places than members with one: the organiser picks whom to move to the waiting list,
    the latest to book ticked to start with."""
    form = CapacityForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid() or form.cleaned_data["capacity"] is None:
        messages.error(request, "Give the number of places as a whole number.")
        return redirect("events:attendees", event.pk)
    new_capacity = form.cleaned_data["capacity"]
    error = None
    if request.method == "POST":
        moved_ids = request.POST.getlist("move")
        try:
            moved = organising.change_capacity(event, new_capacity, moved_ids, user=request.user)
        except services.RegistrationRefused as refusal:
            error = refusal.message
        else:
            messages.success(request, _places_message(event, new_capacity, moved))
            return redirect("events:attendees", event.pk)
    holders = list(organising.place_holders(event))
    need = max(0, len(holders) - new_capacity)
    if not need:  # someone left meanwhile: the places now fit, so there is nothing to choose
        if error:
            messages.error(request, error)
        return redirect("events:attendees", event.pk)
    chosen = (
        {str(pk) for pk in request.POST.getlist("move")}
        if request.method == "POST"
        else {str(r.pk) for r in holders[:need]}
    )
    return TemplateResponse(
        request,
        "events/capacity.html",
        {
            "event": event,
            "capacity": new_capacity,
            "holders": holders,
            "need": need,
            "chosen": chosen,
            "error": error,
        },
        status=400 if error else 200,
    )


@organiser_required
def attendees_csv(request, event):
    response = HttpResponse(
        organising.attendee_csv(_registrations(event)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-attendees.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@organiser_required
def message(request, event):
    form = MessageAttendeesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        sent = organising.message_attendees(event, form.cleaned_data["subject"], form.cleaned_data["body"])
        messages.success(request, f"Message sent to {sent} attendee{'s' if sent != 1 else ''}.")
        return redirect("events:attendees", event.pk)
    return TemplateResponse(
        request, "events/message.html", {"event": event, "form": form}, status=400 if form.errors else 200
    )
