"""System checks on the editorial set-up in the database (run by `migrate`, and by
`manage.py check --database default`).

A workflow task that nobody can approve traps every page submitted to it: the page waits for ever
and, while it waits, stays locked for everyone outside the task's groups, programme editors
included. That is what Wagtail's default "Moderators approval" workflow did once its group was
retired (cms/roles.py), so any active workflow whose group approval task has no groups, or only
groups without an active member, is reported."""

from django.core import checks
from django.db import DatabaseError

from wagtail.models import AbstractGroupApprovalTask, Workflow


def reviewerless_tasks():
    """(workflow, task, problem) for every active task of an active workflow that nobody can approve."""
    found = []
    for workflow in Workflow.objects.filter(active=True).order_by("name"):
        for task in workflow.tasks.filter(active=True):
            task = task.specific
            if not isinstance(task, AbstractGroupApprovalTask):
                continue
            groups = list(task.groups.order_by("name"))
            if not groups:
                found.append((workflow, task, "has no reviewer groups"))
            elif not any(group.user_set.filter(is_active=True).exists() for group in groups):
                names = ", ".join(f"“{group.name}”" for group in groups)
                found.append((workflow, task, f"has no reviewers: nobody active belongs to {names}"))
    return found


@checks.register(checks.Tags.database)
def check_workflows_have_reviewers(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    try:
        found = reviewerless_tasks()
    except DatabaseError:  # not migrated yet: nothing to check
        return []
    return [
        checks.Warning(
            f"Workflow “{workflow.name}”, task “{task.name}” {problem}, so pages submitted to it can "
            "never be approved and stay locked while they wait.",
            hint=(
                "Make someone a programme editor (manage.py assign_role EMAIL programme-editor), or "
                "give the task a group with active members, or deactivate the workflow (Settings → "
                "Workflows)."
            ),
            obj=task,
            id="cms.W001",
        )
        for workflow, task, problem in found
    ]
