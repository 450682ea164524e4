"""The editors' reports as admin views: a period to look over, and every table as a CSV file
(opened in a spreadsheet, so a cell that would start a formula is written as text)."""

import csv
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from .reports import REVIEW_WINDOW_DAYS, content_report, due_for_review, usage_report
from .your_stories import submitted_stories

REPORT_PERMISSION = "cms.view_pageviewcount"
PERIODS = [7, 30, 90, 365]  # days a report may look back (usage) or ahead (reviews)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A spreadsheet reads "=HYPERLINK(…)" in a title as a formula; written as text it is harmless."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _period(request, default):
    """The chosen number of days, or the default with a message when the address holds another."""
    raw = request.GET.get("days", "")
    if not raw:
        return default, None
    if raw.isdigit() and int(raw) in PERIODS:
        return int(raw), None
    return default, f"Choose a period from the list; showing {default} days."


def _content_rows(context):
    header = ["Kind", "Name", "Published case studies", "Drafts", "Toolkits", "Events", "Oldest review date"]
    rows = [
        ["Theme", t.name, t.case_study_count, "", t.toolkit_count, t.event_count, t.oldest_review or ""]
        for t in context["themes"]
    ]
    rows += [
        ["Pioneer", p.title, p.live_count, p.draft_count, "", "", p.oldest_review or ""]
        for p in context["pioneers"]
    ]
    return header, rows


def _review_rows(context):
    header = ["Page", "Address", "Owner", "Review date", "Overdue"]
    rows = [
        [
            row["page"].title,
            row["page"].url,
            row["owner"],
            row["review_date"],
            "yes" if row["overdue"] else "",
        ]
        for row in context["rows"]
    ]
    return header, rows


def _usage_rows(context):
    header = ["Kind", "Title", "Address", f"Count, last {context['days']} days"]
    rows = [["Page", page.title, page.url, total] for page, total in context["pages"]]
    rows += [["Document", document.title, document.url, total] for document, total in context["documents"]]
    return header, rows


def _story_rows(context):
    header = ["Story", "Pioneer", "Sent by", "Where it has got to", "Reviewer's comment"]
    rows = [
        [
            story.page.title,
            story.page.pioneer.title if story.page.pioneer else "",
            story.page.submitted_by.email,
            story.label,
            story.comment,
        ]
        for story in context["stories"]
    ]
    return header, rows


@dataclass(frozen=True)
class Report:
    slug: str
    label: str
    template: str
    icon: str
    build: object  # days (or None) -> template context
    rows: object  # context -> (header, rows) for the CSV file
    default_days: int | None = None  # None: the report has no period

    def view(self, request):
        if not request.user.has_perm(REPORT_PERMISSION):
            raise PermissionDenied
        days, problem = _period(request, self.default_days) if self.default_days else (None, None)
        context = self.build(days)
        if request.GET.get("export") == "csv":
            return self.csv(context)
        context.update(report=self, periods=PERIODS, days=days, period_problem=problem)
        return TemplateResponse(request, self.template, context)

    def csv(self, context):
        header, rows = self.rows(context)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        name = f"icase-{self.slug}-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow(header)
        writer.writerows([safe_cell(cell) for cell in row] for row in rows)
        return response


REPORTS = [
    Report(
        "content",
        "Content by theme and pioneer",
        "cms/admin/content_report.html",
        "doc-full",
        lambda days: content_report(),
        _content_rows,
    ),
    Report(
        "due-for-review",
        "Due for review",
        "cms/admin/review_report.html",
        "date",
        lambda days: {"rows": due_for_review(days)},
        _review_rows,
        default_days=REVIEW_WINDOW_DAYS,
    ),
    Report(
        "stories",
        "Submitted stories",
        "cms/admin/stories_report.html",
        "doc-full-inverse",
        lambda days: {"stories": submitted_stories()},
        _story_rows,
    ),
    Report(
        "usage",
        "Popular pages and downloads",
        "cms/admin/usage_report.html",
        "view",
        lambda days: usage_report(days),
        _usage_rows,
        default_days=30,
    ),
]
