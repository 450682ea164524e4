"""The editors' reports: coverage by theme and pioneer, what is due for review, and what readers
use (from the first-party daily counts)."""

from datetime import timedelta

from django.db.models import Count, Min, Q, Sum
from django.utils import timezone

from wagtail.models import Page

from .models import (
    CaseStudyPage,
    DescribedDocument,
    DocumentDownloadCount,
    PageViewCount,
    PioneerProfilePage,
    Theme,
    ToolkitPage,
)

REVIEW_WINDOW_DAYS = 30


def content_report():
    live = Q(case_studies__live=True)
    themes = Theme.objects.annotate(
        case_study_count=Count("case_studies", filter=live, distinct=True),
        toolkit_count=Count("toolkits", filter=Q(toolkits__live=True), distinct=True),
        event_count=Count("events", filter=Q(events__live=True), distinct=True),
        oldest_review=Min("case_studies__review_date", filter=live),
    ).order_by("sort_order", "name")
    pioneers = (
        PioneerProfilePage.objects.annotate(
            live_count=Count("case_studies", filter=live, distinct=True),
            draft_count=Count("case_studies", filter=Q(case_studies__live=False), distinct=True),
            oldest_review=Min("case_studies__review_date", filter=live),
        )
        .select_related("space__group")
        .order_by("title")
    )
    themes = list(themes)
    return {
        "themes": themes,
        "gaps": [theme for theme in themes if theme.case_study_count == 0],
        "pioneers": list(pioneers),
    }


def due_for_review(days=REVIEW_WINDOW_DAYS, today=None):
    """Live case studies and toolkits whose review date has passed or falls in the next `days`."""
    today = today or timezone.localdate()
    until = today + timedelta(days=days)
    case_studies = CaseStudyPage.objects.live().filter(review_date__lte=until).select_related("pioneer")
    toolkits = ToolkitPage.objects.live().filter(review_date__lte=until)
    rows = [(page.review_date, page, page.pioneer.title) for page in case_studies]
    rows += [(page.review_date, page, "Programme team") for page in toolkits]
    return [
        {"page": page, "review_date": review_date, "owner": owner, "overdue": review_date < today}
        for review_date, page, owner in sorted(rows, key=lambda row: (row[0], row[1].title))
    ]


def usage_report(days=30, limit=25):
    since = timezone.localdate() - timedelta(days=days)
    views = (
        PageViewCount.objects.filter(day__gte=since)
        .values("page_id")
        .annotate(total=Sum("count"))
        .order_by("-total")[:limit]
    )
    pages = Page.objects.in_bulk([row["page_id"] for row in views])
    downloads = (
        DocumentDownloadCount.objects.filter(day__gte=since)
        .values("document_id")
        .annotate(total=Sum("count"))
        .order_by("-total")[:limit]
    )
    documents = DescribedDocument.objects.in_bulk([row["document_id"] for row in downloads])
    return {
        "days": days,
        "pages": [(pages[row["page_id"]], row["total"]) for row in views if row["page_id"] in pages],
        "documents": [
            (documents[row["document_id"]], row["total"])
            for row in downloads
            if row["document_id"] in documents
        ],
    }
