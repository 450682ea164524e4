"""The page editor's action menu: a reviewer sees their decisions and Save draft, in plain English;
a submitter sees "Submit for programme review" and, after a request for changes, "Resubmit"."""

import pytest

from django.contrib.auth.models import Group

from wagtail.models import Workflow, WorkflowState

pytestmark = pytest.mark.django_db

OFFERED = ("Approve and publish", "Approve with a comment and publish", "Request changes", "Reject (final")
WITHHELD = ('name="action-publish"', 'name="action-unpublish"', "Cancel workflow", "Restart workflow")


def submit_for_review(page):
    editor = Group.objects.get(name=f"Pioneer editors: {page.get_parent().specific.title}").user_set.first()
    revision = page.save_revision(user=editor)
    Workflow.objects.get(name="Programme review").start(page, revision.user)
    return WorkflowState.objects.get(object_id=str(page.pk), status="in_progress")


def test_a_reviewer_sees_only_their_decisions_approve_first(programme_editor, kent_editor, kent):
    case_study = kent.get_children().live().first().specific
    submit_for_review(case_study)
    reviewing = programme_editor.get(f"/admin/pages/{case_study.pk}/edit/").content.decode()
    for offered in OFFERED:
        assert offered in reviewing, offered
    assert [reviewing.index(offered) for offered in OFFERED] == sorted(reviewing.index(o) for o in OFFERED)
    for withheld in WITHHELD:
        assert withheld not in reviewing, withheld
    assert "Save draft" in reviewing


def test_a_submitter_is_asked_to_resubmit_after_changes_are_requested(programme_editor, kent_editor, kent):
    case_study = kent.get_children().live().first().specific
    before = kent_editor.get(f"/admin/pages/{case_study.pk}/edit/").content.decode()
    assert "Submit for programme review" in before
    state = submit_for_review(case_study)
    response = programme_editor.post(
        f"/admin/pages/workflow/action/{case_study.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Please add the period."},
    )
    assert response.status_code in (200, 302)
    after = kent_editor.get(f"/admin/pages/{case_study.pk}/edit/").content.decode()
    assert "Resubmit for programme review" in after
    assert "Withdraw from review" in after
