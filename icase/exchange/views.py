"""The barriers register's pages. Thin: who may see is visibility.py, who may act and in which
order is services.py; a refusal is shown on the form that caused it, keeping what was typed."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from icase.community import visibility

from . import evidence, following, permissions, reports, services
from .forms import (
    AffectedForm,
    BarrierFilterForm,
    BarrierForm,
    ProgressUpdateForm,
    PublicSummaryForm,
    StatusForm,
    WithdrawSummaryForm,
)
from .models import Barrier

PER_PAGE = 25


def members_private(view):
    """Pages that differ for signed-in members are never cached for anyone else."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        if request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    return wrapped


def barrier_or_404(request, pk):
    barrier = get_object_or_404(
        Barrier.objects.select_related("theme", "pioneer", "raised_by__profile"), pk=pk
    )
    if not visibility.can_view_barrier(request.user, barrier):
        raise Http404("No such barrier")
    return barrier


@members_private
def barriers(request):
    members = visibility.can_view_barrier_record(request.user)
    form = BarrierFilterForm(request.GET, members=members)
    queryset = (
        Barrier.objects.visible_to(request.user).with_affected_count().select_related("theme", "pioneer")
    )
    listing = Paginator(form.apply(queryset, members=members), PER_PAGE).get_page(request.GET.get("page"))
    chosen = form.chosen()
    return TemplateResponse(
        request,
        "exchange/barriers.html",
        {
            "form": form,
            "listing": listing,
            "members": members,
            "can_raise": permissions.can_raise(request.user),
            "can_export": permissions.can_export(request.user),
            "query": request.GET.copy().urlencode() if request.GET else "",
            "list_filters": chosen.items(),
            "list_label": form.describe(chosen),
            "list_follow": following.list_follow_for(request.user, chosen) if members else None,
        },
    )


def _detail(request, barrier, status=200, **forms):
    user = request.user
    if not visibility.can_view_barrier_record(user):
        return TemplateResponse(request, "exchange/barrier_public.html", {"barrier": barrier})
    already = list(barrier.affected.values_list("pioneer_id", flat=True))
    can_add = permissions.pioneers_to_add(user, barrier, already)
    statuses = services.next_statuses(barrier) if permissions.can_change_status(user, barrier) else []
    context = {
        "barrier": barrier,
        "events": barrier.events.select_related("actor__profile"),
        "updates": barrier.updates.select_related("author__profile")[:20],
        "affected": barrier.affected.select_related("pioneer"),
        "pioneers_affected": len(already) + 1,
        "following": following.is_following(user, barrier),
        "documents": barrier.documents.all(),
        "can_add_evidence": evidence.can_add(user, barrier),
        "is_programme_editor": permissions.is_programme_editor(user),
        "can_update": permissions.can_post_update(user, barrier) and barrier.is_open,
        "can_summarise": permissions.can_write_summary(user, barrier),
        "status_form": forms.get("status_form") or (StatusForm(statuses=statuses) if statuses else None),
        "affected_form": forms.get("affected_form")
        or (AffectedForm(pioneer_ids=can_add) if can_add else None),
        "update_form": forms.get("update_form") or ProgressUpdateForm(),
        "summary_form": forms.get("summary_form")
        or PublicSummaryForm(
            initial={"public_title": barrier.public_title, "public_summary": barrier.public_summary}
        ),
        "withdraw_form": forms.get("withdraw_form") or WithdrawSummaryForm(),
        "update_overdue": barrier.is_open
        and barrier.next_update_due
        and barrier.next_update_due <= timezone.localdate(),
    }
    context["form"] = next((form for form in forms.values() if form.errors), None)
    return TemplateResponse(request, "exchange/barrier.html", context, status=status)


@members_private
def barrier(request, pk):
    return _detail(request, barrier_or_404(request, pk))


@login_required
def raise_barrier(request):
    pioneer_ids = permissions.pioneer_ids(request.user)
    if not pioneer_ids:
        return TemplateResponse(request, "exchange/raise_not_allowed.html", status=403)
    form = BarrierForm(request.POST or None, pioneer_ids=pioneer_ids)
    if len(pioneer_ids) == 1 and not request.POST:
        form.initial["pioneer"] = next(iter(pioneer_ids))
    if request.method == "POST" and form.is_valid():
        fields = {name: value for name, value in form.cleaned_data.items() if name != "pioneer"}
        try:
            raised = services.raise_barrier(request.user, pioneer=form.cleaned_data["pioneer"], **fields)
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Barrier raised. Programme editors will review it.")
            return redirect(raised)
    response = TemplateResponse(request, "exchange/raise.html", {"form": form})
    add_never_cache_headers(response)
    return response


def _acting(view):
    """POST actions on one barrier by a signed-in member who may see its full record."""

    @wraps(view)
    @login_required
    @require_POST
    def wrapped(request, pk):
        barrier = barrier_or_404(request, pk)
        if not visibility.can_view_barrier_record(request.user):
            raise PermissionDenied
        return view(request, barrier)

    return wrapped


def _act(request, barrier, form_name, form, action, done):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, done)
            return redirect(barrier)
    return _detail(request, barrier, status=400, **{form_name: form})


@_acting
def change_status(request, barrier):
    statuses = services.next_statuses(barrier) if permissions.can_change_status(request.user, barrier) else []
    if not statuses:
        raise PermissionDenied
    form = StatusForm(request.POST, statuses=statuses)

    def action(data):
        services.change_status(
            request.user,
            barrier,
            data["status"],
            data["reason"],
            happened_on=data["happened_on"],
            skip_reason=data["skip_reason"],
            partner=data["partner"],
        )

    return _act(request, barrier, "status_form", form, action, "Status changed.")


@_acting
def add_affected(request, barrier):
    already = barrier.affected.values_list("pioneer_id", flat=True)
    form = AffectedForm(request.POST, pioneer_ids=permissions.pioneers_to_add(request.user, barrier, already))

    def action(data):
        services.add_affected(request.user, barrier, data["pioneer"], data["note"])

    return _act(
        request, barrier, "affected_form", form, action, "Added: this barrier affects your pioneer too."
    )


def _next_path(request):
    """Where a form asked to go back to (the subscriptions page), if it is a path on this site."""
    path = request.POST.get("next", "")
    if path.startswith("/") and url_has_allowed_host_and_scheme(path, allowed_hosts=None):
        return path
    return ""


@_acting
def follow(request, barrier):
    wanted = request.POST.get("follow") == "yes"
    following.follow(request.user, barrier, wanted)
    messages.success(
        request,
        "You are following this barrier: you will be told when it changes."
        if wanted
        else "You no longer follow this barrier.",
    )
    return redirect(_next_path(request) or barrier.get_absolute_url())


@login_required
@require_POST
def follow_list(request):
    """Follow (or stop following) the list the posted filters show, then back to that list."""
    if not visibility.can_view_barrier_record(request.user):
        raise PermissionDenied
    wanted = request.POST.get("follow") == "yes"
    follow = following.follow_list(request.user, request.POST, wanted)
    messages.success(
        request,
        f"You are following “{follow.label}”: you will be told of each barrier raised into it or "
        "moving into it, and of every change to the barriers in it."
        if wanted
        else f"You no longer follow “{follow.label}”.",
    )
    return redirect(_next_path(request) or follow.get_absolute_url())


@_acting
def add_update(request, barrier):
    form = ProgressUpdateForm(request.POST)

    def action(data):
        services.add_progress_update(request.user, barrier, data["confidence"], data["narrative"])

    return _act(request, barrier, "update_form", form, action, "Progress update added.")


@_acting
def write_summary(request, barrier):
    form = PublicSummaryForm(request.POST)

    def action(data):
        services.write_public_summary(request.user, barrier, data["public_title"], data["public_summary"])

    return _act(request, barrier, "summary_form", form, action, "Public summary marked ready to publish.")


@_acting
def approve_summary(request, barrier):
    try:
        services.approve_public_summary(request.user, barrier)
    except services.Refused as refusal:
        raise PermissionDenied(refusal.message) from refusal
    messages.success(request, "Public summary published.")
    return redirect(barrier)


@_acting
def withdraw_summary(request, barrier):
    form = WithdrawSummaryForm(request.POST)

    def action(data):
        services.withdraw_public_summary(request.user, barrier, data["reason"])

    return _act(request, barrier, "withdraw_form", form, action, "Public summary withdrawn.")


CSV_COLUMNS = [
    ("id", lambda b: b.pk),
    ("title", lambda b: b.title),
    ("status", lambda b: b.get_status_display()),
    ("status since", lambda b: b.status_since.isoformat()),
    ("level", lambda b: b.get_level_display()),
    ("theme", lambda b: b.theme.name),
    ("pioneer", lambda b: b.pioneer.title),
    ("pioneers affected", lambda b: b.pioneers_affected),
    ("partner best placed", lambda b: b.get_partner_display()),
    ("escalated to", lambda b: b.get_escalated_to_display()),
    ("delivery confidence", lambda b: b.get_confidence_display()),
    ("next update due", lambda b: b.next_update_due.isoformat() if b.next_update_due else ""),
    ("public summary", lambda b: b.get_public_summary_state_display()),
    ("raised", lambda b: b.created_at.date().isoformat()),
]


def _cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas; such text is quoted."""
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@login_required
def export_csv(request):
    if not permissions.can_export(request.user):
        raise PermissionDenied
    form = BarrierFilterForm(request.GET, members=True)
    queryset = (
        Barrier.objects.visible_to(request.user).with_affected_count().select_related("theme", "pioneer")
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="icase-barriers.csv"'
    add_never_cache_headers(response)
    writer = csv.writer(response)
    writer.writerow([name for name, _value in CSV_COLUMNS])
    for row in form.apply(queryset, members=True):
        writer.writerow([_cell(value(row)) for _name, value in CSV_COLUMNS])
    return response


@login_required
@members_private
def report(request):
    return TemplateResponse(request, "exchange/report.html", reports.barrier_report(timezone.localdate()))
