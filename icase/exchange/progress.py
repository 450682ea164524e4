"""Pioneer progress: objectives, quarterly traffic-light reports and their Programme review.

A pioneer's editors keep its objectives and submit one report a quarter, rating every objective
(green / amber / red, always with words), with a narrative, what helped, what got in the way (and
the barriers involved) and the support needed. A report is shown to anyone only once a programme
editor approves it; "changes requested" sends it back to the pioneer, who resubmits.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import permissions
from .models import Barrier, Objective, ObjectiveStatus, ProgressReport
from .reports import quarter_start
from .services import Refused

RATING_ORDER = {ObjectiveStatus.GREEN: 0, ObjectiveStatus.AMBER: 1, ObjectiveStatus.RED: 2}
RATING_WORDS = {ObjectiveStatus.GREEN: "Green", ObjectiveStatus.AMBER: "Amber", ObjectiveStatus.RED: "Red"}


def published_reports():
    return ProgressReport.objects.filter(state=ProgressReport.APPROVED)


def can_edit_progress(user, pioneer):
    return permissions.is_programme_editor(user) or pioneer.pk in permissions.edited_pioneer_ids(user)


def previous_quarter(day):
    start = quarter_start(day)
    return date(start.year - 1, 10, 1) if start.month == 1 else date(start.year, start.month - 3, 1)


def reportable_quarters(today=None, count=4):
    """The quarter in progress and the three before it, newest first."""
    quarters = [quarter_start(today or timezone.localdate())]
    while len(quarters) < count:
        quarters.append(previous_quarter(quarters[-1]))
    return quarters


@transaction.atomic
def add_objective(user, pioneer, title, theme):
    if not can_edit_progress(user, pioneer):
        raise Refused("Only the pioneer's editors and programme editors keep its objectives.")
    if not title.strip():
        raise Refused("Enter the objective.")
    order = pioneer.objective_set.count()
    return Objective.objects.create(pioneer=pioneer, title=title.strip(), theme=theme, sort_order=order)


@transaction.atomic
def submit_report(user, pioneer, quarter, ratings, support_needed=""):
    """`ratings` maps each objective's id to {rating, narrative, helped, got_in_the_way, barriers}."""
    if not can_edit_progress(user, pioneer):
        raise Refused("Only the pioneer's editors and programme editors submit its progress reports.")
    if quarter not in reportable_quarters():
        raise Refused("Choose one of the quarters offered (reports cannot be for the future).")
    objectives = list(pioneer.objective_set.all())
    if not objectives:
        raise Refused("Add the pioneer's objectives before reporting on them.")
    missing = [objective.title for objective in objectives if objective.pk not in ratings]
    if missing:
        raise Refused(f"Rate every objective: {', '.join(missing)}.")
    report = ProgressReport.objects.filter(pioneer=pioneer, quarter=quarter).first()
    if report is not None and report.state != ProgressReport.CHANGES:
        raise Refused("This quarter's report is already submitted; a reviewer can send it back for changes.")
    if report is None:
        report = ProgressReport(pioneer=pioneer, quarter=quarter)
    report.state, report.submitted_by, report.submitted_at = ProgressReport.SUBMITTED, user, timezone.now()
    report.support_needed = support_needed.strip()
    report.save()
    report.statuses.all().delete()
    allowed_barriers = Barrier.objects.filter(Q(pioneer=pioneer) | Q(affected__pioneer=pioneer))
    for objective in objectives:
        values = ratings[objective.pk]
        if values["rating"] not in RATING_ORDER or not values["narrative"].strip():
            raise Refused(f"Give a rating and a narrative for “{objective.title}”.")
        status = ObjectiveStatus.objects.create(
            report=report,
            objective=objective,
            rating=values["rating"],
            narrative=values["narrative"].strip(),
            helped=values.get("helped", "").strip(),
            got_in_the_way=values.get("got_in_the_way", "").strip(),
        )
        status.barriers.set(allowed_barriers.filter(pk__in=values.get("barriers", [])).distinct())
    return report


@transaction.atomic
def review_report(user, report, approve, note=""):
    if not permissions.is_programme_editor(user):
        raise Refused("Only programme editors review progress reports.")
    if report.state != ProgressReport.SUBMITTED:
        raise Refused("Only a report awaiting review can be reviewed.")
    if not approve and not note.strip():
        raise Refused("Say what needs to change.")
    report.state = ProgressReport.APPROVED if approve else ProgressReport.CHANGES
    report.reviewed_by, report.review_note = user, note.strip()
    report.save()
    return report


def worst(ratings):
    return max(ratings, key=RATING_ORDER.get) if ratings else ""


def matrix(pioneers, themes):
    """Rows of (pioneer, latest approved report, [rating per theme or ""]): the worst rating of the
    pioneer's objectives under each theme in its latest approved report."""
    latest = {}
    for report in published_reports().filter(pioneer__in=pioneers).order_by("pioneer_id", "-quarter"):
        latest.setdefault(report.pioneer_id, report)
    statuses = ObjectiveStatus.objects.filter(report__in=latest.values()).select_related("objective")
    by_cell = {}
    for status in statuses:
        by_cell.setdefault((status.report.pioneer_id, status.objective.theme_id), []).append(status.rating)
    return [
        (
            pioneer,
            latest.get(pioneer.pk),
            [worst(by_cell.get((pioneer.pk, theme.pk), [])) for theme in themes],
        )
        for pioneer in pioneers
    ]


def overdue_pioneers(pioneers, today=None):
    """Pioneers with objectives but no report submitted for the last completed quarter."""
    due = previous_quarter(today or timezone.localdate())
    reported = set(
        ProgressReport.objects.filter(quarter__gte=due)
        .exclude(state=ProgressReport.CHANGES)
        .values_list("pioneer_id", flat=True)
    )
    with_objectives = set(Objective.objects.values_list("pioneer_id", flat=True))
    return [pioneer for pioneer in pioneers if pioneer.pk in with_objectives and pioneer.pk not in reported]


def timeline(pioneer):
    """The SVG timeline's geometry and the text table beside it: approved reports oldest first,
    one row per objective, one column per quarter; each mark carries its rating's letter."""
    reports = list(
        published_reports().filter(pioneer=pioneer).order_by("quarter").prefetch_related("statuses")
    )
    if not reports:  # most pioneers, most of the time: one query, on the profile page too
        return {"reports": [], "cells": [], "table": [], "width": 0, "height": 0, "columns": []}
    objectives = list(pioneer.objective_set.all())
    column, row, left, top = 90, 36, 16, 40
    cells = []
    for x_index, report in enumerate(reports):
        ratings = {status.objective_id: status.rating for status in report.statuses.all()}
        for y_index, objective in enumerate(objectives):
            if objective.pk in ratings:
                words = RATING_WORDS[ratings[objective.pk]]
                cells.append(
                    {
                        "x": left + column * x_index + column // 2,
                        "y": top + row * y_index,
                        "rating": ratings[objective.pk],
                        "letter": words[0],
                        "label": f"{objective.title}, {report.quarter_label}: {words}",
                    }
                )
    table = [
        (
            objective,
            [
                next((s for s in report.statuses.all() if s.objective_id == objective.pk), None)
                for report in reports
            ],
        )
        for objective in objectives
    ]
    return {
        "reports": reports,
        "cells": cells,
        "table": table,
        "width": left * 2 + column * max(len(reports), 1),
        "height": top + row * max(len(objectives), 1),
        "columns": [
            (left + column * index + column // 2, report.short_label) for index, report in enumerate(reports)
        ],
    }
