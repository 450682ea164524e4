"""The email a submitter gets when a programme editor asks for changes says so, in ICASE's
words: not Wagtail's "has been rejected", which reads like the final no that "Reject" is."""

import pytest

from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail

from wagtail.models import Workflow, WorkflowState

pytestmark = pytest.mark.django_db


def test_changes_requested_is_told_as_fix_and_resubmit(kent_editor, programme_editor, kent):  # noqa: F811
    submitter = Group.objects.get(name=f"Pioneer editors: {kent.title}").user_set.get()
    revision = kent.save_revision(user=submitter)
    Workflow.objects.get(name="Programme review").start(kent, revision.user)
    state = WorkflowState.objects.get(object_id=str(kent.pk), status="in_progress")
    mail.outbox.clear()
    programme_editor.post(
        f"/admin/pages/workflow/action/{kent.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Please add the 2015 figures."},
    )
    to_submitter = [message for message in mail.outbox if submitter.email in message.to]
    assert to_submitter, [message.subject for message in mail.outbox]
    message = to_submitter[0]
    assert message.subject == f"Changes requested: “{kent.title}”"
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    for body in bodies:
        assert "rejected" not in body.lower()
        assert "has not been turned down" in body and "send it for programme review again" in body
        assert "Please add the 2015 figures." in body
        assert f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/{kent.pk}/edit/" in body  # a whole address


def test_every_review_email_links_to_the_whole_address(kent_editor, programme_editor, kent):  # noqa: F811
    """Wagtail's own templates set the site address outside their content block, where Django
    never runs it; ICASE's frame sets it for them, so no email carries a bare path."""
    submitter = Group.objects.get(name=f"Pioneer editors: {kent.title}").user_set.get()
    mail.outbox.clear()
    Workflow.objects.get(name="Programme review").start(kent, kent.save_revision(user=submitter).user)
    state = WorkflowState.objects.get(object_id=str(kent.pk), status="in_progress")
    programme_editor.post(
        f"/admin/pages/workflow/action/{kent.pk}/approve/{state.current_task_state.pk}/", {}
    )
    assert len(mail.outbox) >= 2  # submitted (to the reviewers), approved (to the submitter)
    bodies = [
        body
        for message in mail.outbox
        for body in [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    ]
    assert any("/admin/pages/" in body for body in bodies)
    for body in bodies:
        assert body.count("/admin/pages/") == body.count(f"{settings.WAGTAILADMIN_BASE_URL}/admin/pages/")
