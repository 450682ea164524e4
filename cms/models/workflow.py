from django.db import transaction

from wagtail.models import AbstractGroupApprovalTask


class ProgrammeReviewTask(AbstractGroupApprovalTask):
    """The programme editors' review of pioneer content. Besides approving and requesting changes
    (the submitter edits and resubmits), a reviewer can reject a submission outright: the review
    ends, the draft is never published, and the submitter is told why."""

    DECLINE = "decline"

    class Meta:
        verbose_name = "programme review task"

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions:
            actions.append((self.DECLINE, "Reject", True))
        return actions

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != self.DECLINE:
            return super().on_action(task_state, user, action_name, **kwargs)
        task_state.reject(user=user, update=False, comment=kwargs.get("comment", ""))
        task_state.workflow_state.cancel(user=user)
        return None
