"""The admin dashboard's "Needs attention" panel: what programme staff would otherwise go looking
for — stories members sent in, content past its review date, searches that found nothing and
posts waiting for a moderator. Each line is shown only to someone who can act on it, and each
links to the screen where they do."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import Page, WorkflowState

from cms.models import CaseStudyPage
from cms.report_views import REPORT_PERMISSION
from cms.reports import due_for_review
from icase.community.models import Post
from icase.community.visibility import is_moderator
from search.models import SearchQueryLog

SEARCH_LOG_PERMISSION = "search.view_searchquerylog"
WEEK = timedelta(days=7)


def stories_in_review():
    """Members' stories whose review is under way."""
    stories = CaseStudyPage.objects.filter(submitted_by__isnull=False, live=False)
    pks = stories.values_list("pk", flat=True)
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id__in=[str(pk) for pk in pks],
        status=WorkflowState.STATUS_IN_PROGRESS,
    ).count()


def searches_without_results(since):
    misses = SearchQueryLog.objects.filter(created_at__gte=since, results=0)
    top = misses.values("query").annotate(times=Count("id")).order_by("-times", "query")[:3]
    return misses.count(), [row["query"] for row in top]


def attention_items(user):
    """(what, how many, detail, link) for each thing this user can act on."""
    items = []
    if user.has_perm(REPORT_PERMISSION):
        stories = stories_in_review()
        items.append(("Stories from members being reviewed", stories, "", reverse("cms_report_stories")))
        due = due_for_review()
        overdue = sum(1 for row in due if row["overdue"])
        detail = f"{overdue} past their review date" if overdue else ""
        items.append(
            (
                "Pages due for review in the next 30 days",
                len(due),
                detail,
                reverse("cms_report_due_for_review"),
            )
        )
    if user.has_perm(SEARCH_LOG_PERMISSION):
        count, top = searches_without_results(timezone.now() - WEEK)
        detail = "Most often: " + ", ".join(f"“{query}”" for query in top) if top else ""
        items.append(("Searches that found nothing this week", count, detail, reverse("search_query_report")))
    if is_moderator(user):
        waiting = Post.objects.awaiting_review().count()
        flagged = Post.objects.flagged().count()
        detail = f"{flagged} flagged by members" if flagged else ""
        items.append(
            ("Posts waiting for a moderator", waiting + flagged, detail, reverse("community:moderation"))
        )
    return items


class AttentionPanel(Component):
    name = "icase_attention"
    order = 50  # above Wagtail's own panels
    template_name = "icase/admin/attention_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"items": attention_items(self.user)}
