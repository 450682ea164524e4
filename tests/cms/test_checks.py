"""cms/checks.py: an active workflow that nobody can approve is reported (cms.W001), because every
page submitted to it stays waiting, and locked, for ever."""

import io

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

from cms.checks import check_workflows_have_reviewers
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def warnings():
    return [message.msg for message in check_workflows_have_reviewers(databases=["default"])]


@pytest.fixture
def programme_editor():
    user = make_member("programme-lead")
    call_command("assign_role", user.email, "programme-editor", stdout=io.StringIO())
    return user


def test_the_seeded_site_has_no_reviewerless_workflow_once_someone_reviews(programme_editor):
    assert warnings() == []


def test_programme_review_without_programme_editors_is_reported():
    assert not Group.objects.get(name="Programme editors").user_set.exists()
    [message] = warnings()
    assert "“Programme review”" in message and "nobody active belongs to “Programme editors”" in message


def test_an_inactive_reviewer_does_not_count(programme_editor):
    programme_editor.is_active = False
    programme_editor.save()
    assert len(warnings()) == 1


def test_a_task_without_groups_is_reported(programme_editor):
    workflow = Workflow.objects.create(name="Legal sign-off")
    task = GroupApprovalTask.objects.create(name="Legal approve")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    assert warnings() == [
        "Workflow “Legal sign-off”, task “Legal approve” has no reviewer groups, so pages submitted to it "
        "can never be approved and stay locked while they wait."
    ]
    workflow.deactivate()
    assert warnings() == []


def test_the_check_is_registered_and_runs_with_the_database(programme_editor):
    Workflow.objects.filter(name="Programme review").update(active=True)
    Group.objects.get(name="Programme editors").user_set.clear()
    out = io.StringIO()
    call_command("check", "--database", "default", stdout=out, stderr=out)
    assert "cms.W001" in out.getvalue()
