"""Who may do what with content. Three editorial roles, each a Wagtail group:

- a pioneer's editors ("Pioneer editors: <pioneer>", one group per pioneer, made with the pioneer):
  add and edit pages in the pioneer's own subtree and media in its own collection, and submit
  them for Programme review; never publish, never anything of another pioneer;
- Programme editors: review and publish everything, curate collections, manage themes, synonyms,
  best bets and redirects, see the editor reports;
- Discussion moderators (community) are set up by the community app.

Wagtail's own migrations create "Editors" and "Moderators" groups that may edit (and publish)
the whole tree; ICASE does not use them, so `ensure_roles` strips their permissions and deletes
them when nobody belongs to them.

Workflows: pioneer content (the pioneers section and everything under it: pioneer profiles and
case studies) goes through Programme review, because pioneer editors cannot publish. Everything
else (home, themes, toolkits, events, collections, standard pages) has no workflow: only programme
editors can edit it and they publish directly, so a review there would be by the same people who
can already publish. Wagtail's migrations also put a "Moderators approval" workflow on the root,
whose task was the Moderators group's; with that group retired it has no reviewers, and a page
submitted to it stays locked for everyone, so `ensure_roles` retires that workflow too
(cms/checks.py warns about any other active workflow that nobody can approve).

Every function here is idempotent, so `load_initial_data` can call them on every run.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from .models import HomePage, PioneerIndexPage, PioneerSpace, ProgrammeReviewTask

PROGRAMME_EDITORS = "Programme editors"
PROGRAMME_REVIEW = "Programme review"
REVIEW_TASK = "Programme editors approve"
MEDIA_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
PROGRAMME_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("cms", "add_theme"),
    ("cms", "change_theme"),
    ("cms", "delete_theme"),
    ("cms", "add_populationgroup"),
    ("cms", "change_populationgroup"),
    ("search", "add_searchsynonym"),
    ("search", "change_searchsynonym"),
    ("search", "delete_searchsynonym"),
    ("search", "view_searchquerylog"),
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("community", "view_memberprofile"),
    ("community", "change_memberprofile"),
    ("cms", "view_pioneerspace"),
    ("cms", "change_pioneerspace"),  # add and remove a pioneer's editors
    ("cms", "view_pageviewcount"),  # the editor reports
    ("feedback", "view_contactmessage"),  # the contact page's messages, to answer
    ("feedback", "change_contactmessage"),
    ("feedback", "view_pagefeedback"),  # "Is this page useful?" answers
    ("events", "organise_events"),  # attendee lists, messages and attendance for every event
    ("alerts", "add_bulletin"),  # the editors' bulletin: compose, test and send
    ("alerts", "change_bulletin"),
    ("alerts", "delete_bulletin"),
    ("alerts", "view_bulletin"),
    ("alerts", "send_bulletin"),
    ("wagtailredirects", "add_redirect"),  # keep old addresses working after a move or rename
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename):
    return _permission("wagtailcore", codename)


def _grant_pages(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_page_permission(codename)
        )


def _grant_media(group, collection):
    for app_label, codename in MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


def group_name_for(pioneer):
    return f"Pioneer editors: {pioneer.title}"[:150]


@transaction.atomic
def ensure_pioneer_space(pioneer):
    """The pioneer's editors group and media collection, with their permissions."""
    space = PioneerSpace.objects.filter(pioneer=pioneer).first()
    if space is None:
        group, _ = Group.objects.get_or_create(name=group_name_for(pioneer))
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name=pioneer.title).first() or root.add_child(
            name=pioneer.title
        )
        space = PioneerSpace.objects.create(pioneer=pioneer, group=group, collection=collection)
    space.group.permissions.add(_permission("wagtailadmin", "access_admin"))
    _grant_pages(space.group, pioneer, ["add_page", "change_page"])
    _grant_media(space.group, space.collection)
    return space


STORY_REVIEW_COLLECTION = "Stories awaiting review"


@transaction.atomic
def story_review_collection(space):
    """Where files sent with “Share your story” wait for review: a child of the pioneer's
    collection (so its editors and the programme editors manage them as usual) that only those
    two groups may download. Files move to the pioneer's own collection when the story is
    published (`cms.stories.release_story_media`). Made the first time a pioneer gets a story."""
    collection = space.collection.get_children().filter(name=STORY_REVIEW_COLLECTION).first()
    if collection is None:
        collection = space.collection.add_child(name=STORY_REVIEW_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction(collection=collection)
    if restriction.restriction_type != CollectionViewRestriction.GROUPS or restriction.pk is None:
        restriction.restriction_type = CollectionViewRestriction.GROUPS
        restriction.save()
    programme_editors, _ = Group.objects.get_or_create(name=PROGRAMME_EDITORS)
    restriction.groups.add(programme_editors, space.group)
    return collection


@transaction.atomic
def ensure_programme_editors():
    group, _ = Group.objects.get_or_create(name=PROGRAMME_EDITORS)
    for app_label, codename in PROGRAMME_MODEL_PERMISSIONS:
        group.permissions.add(_permission(app_label, codename))
    home = HomePage.objects.first()
    if home is not None:
        _grant_pages(group, home, ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"])
    _grant_media(group, Collection.get_first_root_node())
    return group


@transaction.atomic
def ensure_programme_review():
    """One approval step by the programme editors, for everything under the pioneers section."""
    editors = ensure_programme_editors()
    workflow, _ = Workflow.objects.get_or_create(name=PROGRAMME_REVIEW)
    task = ProgrammeReviewTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = ProgrammeReviewTask.objects.create(name=REVIEW_TASK)
    task.groups.add(editors)
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task.task_ptr).delete()  # older set-ups
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    index = PioneerIndexPage.objects.first()
    if index is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"  # Wagtail's migration 0048 names it after the group


def retire_wagtail_default_groups():
    """Wagtail's default groups can edit and publish everything; ICASE's roles replace them."""
    for group in Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS):
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        group.permissions.clear()
        if not group.user_set.exists():
            group.delete()


@transaction.atomic
def retire_wagtail_default_workflow():
    """Cancel every review still open on Wagtail's default workflow (so no page stays locked or
    waiting on it), take it off every page and content type, and deactivate it and its task.
    Inactive, it keeps its history and Wagtail offers it to nobody."""
    for workflow in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True):
        for state in WorkflowState.objects.filter(workflow=workflow).active():
            if state.current_task_state is None:  # nothing to log against: end it directly
                WorkflowState.objects.filter(pk=state.pk).update(status=WorkflowState.STATUS_CANCELLED)
            else:
                state.cancel(user=None)
        workflow.deactivate(user=None)  # also removes its WorkflowPage and WorkflowContentType rows
        for task in workflow.tasks.filter(active=True, name=WAGTAIL_DEFAULT_WORKFLOW):
            if not task.workflow_tasks.filter(workflow__active=True).exists():
                task.deactivate(user=None)


def ensure_roles():
    retire_wagtail_default_groups()
    retire_wagtail_default_workflow()
    ensure_programme_review()
    for pioneer in PioneerSpace.pioneer.field.related_model.objects.all():
        ensure_pioneer_space(pioneer)


def make_pioneer_editor(user, pioneer):
    space = ensure_pioneer_space(pioneer)
    user.groups.add(space.group)


def make_programme_editor(user):
    user.groups.add(ensure_programme_editors())
