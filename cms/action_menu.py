"""The page editor's action menu, cut to what the person in front of it needs, in plain English.

Wagtail offers a reviewer of a page in Programme review seven actions, among them both "Publish"
and "Approve and Publish", "Cancel workflow" and "Restart workflow". A reviewer decides: approve
(publishing it), approve with a comment, request changes, or reject; and may save a draft to mend
a typo first. Publishing around the review, or cancelling and restarting it, would leave the
submitter without a decision, so those are not offered while the reviewer has one to make.
Labels say what happens ("Submit for programme review", "Resubmit for programme review").
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.action_menu import SubmitForModerationMenuItem

# What a reviewer does not need while a decision on the page is theirs to make.
NOT_FOR_REVIEWERS = {
    "action-publish",
    "action-cancel-workflow",
    "action-restart-workflow",
    "action-unpublish",
}

# Wagtail's workflow action labels (task actions) in the words ICASE uses.
WORKFLOW_LABELS = {
    "Approve and Publish": _("Approve and publish"),
    "Approve with comment and Publish": _("Approve with a comment and publish"),
    "Approve": _("Approve"),
    "Approve with comment": _("Approve with a comment"),
    "Request changes": _("Request changes (the submitter edits and resubmits)"),
    "Reject": _("Reject (final: the draft is not published)"),
}
# The decisions from the most to the least common: approving first, the final no last.
DECISION_ORDER = {"approve": 0, "reject": 1, "decline": 2}
BASE_LABELS = {
    "action-save-draft": _("Save draft"),
    "action-cancel-workflow": _("Withdraw from review"),
}


class PlainSubmitMenuItem(SubmitForModerationMenuItem):
    """ "Submit for programme review" rather than "Submit to Programme review", and on a page sent
    back for changes "Resubmit for programme review" rather than the task's name."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        page = context.get("page")
        workflow_page = page if page and page.pk else context.get("parent_page")
        workflow = workflow_page.get_workflow() if workflow_page else None
        if workflow:
            state = page.current_workflow_state if page and page.pk else None
            resubmitting = state and state.status == state.STATUS_NEEDS_CHANGES
            verb = _("Resubmit") if resubmitting else _("Submit")
            context["label"] = f"{verb} for {workflow.name.lower()}"
        return context


def _reviewing(context):
    """Whether the person editing may act on the page's current review task. Only the edit view
    offers the decisions; elsewhere (reverting to a revision) Wagtail's menu stays as it is."""
    if context.get("view") != "edit":
        return False
    page = context.get("page")
    task = page.current_workflow_task if page and page.pk else None
    return bool(task and task.get_actions(page, context["request"].user))


def tidy(menu_items, request, context):
    if _reviewing(context):
        menu_items[:] = [item for item in menu_items if item.name not in NOT_FOR_REVIEWERS]
        menu_items.sort(key=lambda item: (item.order, DECISION_ORDER.get(item.name, 0)))
    for index, item in enumerate(menu_items):
        if isinstance(item, SubmitForModerationMenuItem) and not isinstance(item, PlainSubmitMenuItem):
            menu_items[index] = PlainSubmitMenuItem(order=item.order)
        elif item.name in BASE_LABELS:
            item.label = BASE_LABELS[item.name]
        elif str(item.label) in WORKFLOW_LABELS:
            item.label = WORKFLOW_LABELS[str(item.label)]
