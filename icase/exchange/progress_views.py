"""Pioneer progress pages: the programme matrix (/progress/), each pioneer's timeline, submitting
a quarterly report and reviewing it. The rules are in progress.py."""

import csv
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from cms.models import PioneerProfilePage

from . import permissions, progress
from .forms import enabler_themes
from .models import Barrier, ProgressReport
from .progress_forms import ObjectiveForm, ProgressReportForm, ReviewForm
from .services import Refused
from .views import members_private


def _pioneers():
    return PioneerProfilePage.objects.live().public().order_by("title")


def _pioneer_or_404(slug):
    return get_object_or_404(_pioneers(), slug=slug)


@members_private
def programme_matrix(request):
    themes = list(enabler_themes())
    chosen = request.GET.get("theme", "")
    shown = [theme for theme in themes if theme.slug == chosen] or themes
    rows = progress.matrix(list(_pioneers()), shown)
    editor = permissions.is_programme_editor(request.user)
    context = {
        "themes": themes,
        "shown": shown,
        "chosen": chosen,
        "rows": rows,
        "is_programme_editor": editor,
        "overdue": progress.overdue_pioneers([row[0] for row in rows]) if editor else [],
        "awaiting": ProgressReport.objects.filter(state=ProgressReport.SUBMITTED).select_related("pioneer")
        if editor
        else [],
    }
    return TemplateResponse(request, "exchange/progress.html", context)


def programme_csv(request):
    themes = list(enabler_themes())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="icase-pioneer-progress.csv"'
    writer = csv.writer(response)
    writer.writerow(["pioneer", "latest approved report", *[theme.name for theme in themes]])
    for pioneer, report, ratings in progress.matrix(list(_pioneers()), themes):
        words = [progress.RATING_WORDS.get(rating, "") for rating in ratings]
        writer.writerow([pioneer.title, report.short_label if report else "", *words])
    return response


@members_private
def pioneer_progress(request, slug):
    pioneer = _pioneer_or_404(slug)
    can_edit = progress.can_edit_progress(request.user, pioneer)
    form = ObjectiveForm(request.POST or None) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                progress.add_objective(
                    request.user, pioneer, form.cleaned_data["title"], form.cleaned_data["theme"]
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, "Objective added.")
                return redirect("exchange:pioneer_progress", slug=slug)
    own_reports = pioneer.progress_reports.exclude(state=ProgressReport.APPROVED) if can_edit else []
    context = {
        "pioneer": pioneer,
        "objectives": pioneer.objective_set.select_related("theme"),
        "timeline": progress.timeline(pioneer),
        "can_edit": can_edit,
        "form": form,
        "own_reports": own_reports,
    }
    return TemplateResponse(
        request, "exchange/pioneer_progress.html", context, status=400 if form and form.errors else 200
    )


@login_required
def submit_report(request, slug):
    pioneer = _pioneer_or_404(slug)
    if not progress.can_edit_progress(request.user, pioneer):
        raise PermissionDenied
    quarters = progress.reportable_quarters()
    barriers = Barrier.objects.filter(Q(pioneer=pioneer) | Q(affected__pioneer=pioneer)).distinct()
    form = ProgressReportForm(
        request.POST or None, objectives=pioneer.objective_set.all(), quarters=quarters, barriers=barriers
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = progress.submit_report(
                request.user,
                pioneer,
                date.fromisoformat(form.cleaned_data["quarter"]),
                form.ratings(),
                form.cleaned_data["support_needed"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Report submitted for Programme review.")
            return redirect("exchange:progress_report", pk=report.pk)
    return TemplateResponse(request, "exchange/report_form.html", {"pioneer": pioneer, "form": form})


@login_required
def progress_report(request, pk):
    """A report before and after review: its pioneer's editors and programme editors see it while
    it waits; once approved everyone may (the pioneer's timeline shows it)."""
    report = get_object_or_404(ProgressReport.objects.select_related("pioneer"), pk=pk)
    if report.state != ProgressReport.APPROVED and not progress.can_edit_progress(
        request.user, report.pioneer
    ):
        raise Http404("No such report")
    editor = permissions.is_programme_editor(request.user)
    form = ReviewForm(request.POST or None) if editor and report.state == ProgressReport.SUBMITTED else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                progress.review_report(
                    request.user,
                    report,
                    form.cleaned_data["decision"] == "approve",
                    form.cleaned_data["note"],
                )
            except Refused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, "Review recorded.")
                return redirect("exchange:progress_report", pk=report.pk)
    statuses = report.statuses.select_related("objective").prefetch_related("barriers")
    return TemplateResponse(
        request, "exchange/progress_report.html", {"report": report, "statuses": statuses, "form": form}
    )
