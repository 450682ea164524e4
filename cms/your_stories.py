"""Where members' shared stories have got to: "Your stories" for the member and "Submitted stories"
for programme editors read the pages and their review workflows in a few queries, however many
stories there are."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch

from wagtail.models import Page, TaskState, WorkflowState

from .models import CaseStudyPage


@dataclass
class StoryStatus:
    page: CaseStudyPage
    label: str
    colour: str  # an NHS.UK tag colour
    explanation: str = ""
    comment: str = ""  # what the reviewer wrote, when they asked for changes or declined it


def _latest_workflow_states(pages):
    states = (
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(page.pk) for page in pages],
        )
        .select_related("current_task_state")
        .prefetch_related(Prefetch("task_states", queryset=TaskState.objects.order_by("-started_at")))
        .order_by("created_at")
    )
    return {state.object_id: state for state in states}  # later states overwrite earlier ones


def _status(page, state):
    if page.live:
        return StoryStatus(page, "Published", "green", "Anyone can read it.")
    if state is None:
        return StoryStatus(page, "Draft", "grey", "It has not been sent for review.")
    latest = next(iter(state.task_states.all()), None)
    comment = (latest.comment if latest else "") or ""
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return StoryStatus(
            page, "Changes requested", "orange", "A programme editor asked for changes.", comment
        )
    if (
        state.status == WorkflowState.STATUS_CANCELLED
        and latest
        and latest.status == TaskState.STATUS_REJECTED
    ):
        return StoryStatus(page, "Not accepted", "red", "It will not be published.", comment)
    if state.status == WorkflowState.STATUS_IN_PROGRESS:
        return StoryStatus(
            page, "Being reviewed", "blue", "A programme editor will read it before it is published."
        )
    return StoryStatus(page, "Not published", "grey", "It is not being reviewed at the moment.")


def stories_of(user):
    """The member's stories, newest first, each with where it has got to."""
    pages = list(CaseStudyPage.objects.filter(submitted_by=user).order_by("-pk"))
    states = _latest_workflow_states(pages) if pages else {}
    return [_status(page, states.get(str(page.pk))) for page in pages]


def submitted_stories():
    """Every member's story, newest first, with where it has got to (the reviewers' list)."""
    pages = list(
        CaseStudyPage.objects.filter(submitted_by__isnull=False)
        .select_related("pioneer", "submitted_by__profile")
        .order_by("-pk")
    )
    states = _latest_workflow_states(pages) if pages else {}
    return [_status(page, states.get(str(page.pk))) for page in pages]
