"""S9: a pioneer's editors work only in their own pioneer's space, through every admin door
(edit, add, preview, revisions, copy, move, choosers, uploads), and never publish: their changes
go through Programme review, and the live page changes only when a programme editor approves."""

import io

import pytest
from PIL import Image as PILImage

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from wagtail.models import Page, WorkflowState

from cms.models import DescribedDocument, PioneerProfilePage, PioneerSpace
from cms.roles import PROGRAMME_EDITORS
from tests.cms.roles_helpers import denied
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def edit_form(client, page):
    """The page's current edit form data, as the browser would post it back."""
    from wagtail.admin.forms.pages import WagtailAdminPageForm  # noqa: F401 - form classes load with the edit view
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    page = page.specific
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "setting": page.setting,
        "evaluation_status": page.evaluation_status,
        "publication_date": page.publication_date.isoformat(),
        "review_date": page.review_date.isoformat(),
        "publication_date_precision": page.publication_date_precision,
        "body": streamfield([("paragraph", rich_text("<p>What happened.</p>"))]),
        "sources": streamfield([]),
        "outcomes": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
        "contact": rich_text("<p>Programme team</p>"),
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
    }
    form = nested_form_data(data)
    form["themes"] = [theme.pk for theme in page.themes.all()]
    return form


def test_every_pioneer_has_its_own_space(kent, greenwich):
    assert PioneerSpace.objects.count() == PioneerProfilePage.objects.count()
    space = kent.space
    permissions = set(space.group.page_permissions.values_list("page_id", "permission__codename"))
    assert permissions == {(kent.pk, "add_page"), (kent.pk, "change_page")}
    assert space.collection != greenwich.space.collection


def test_a_new_pioneer_gets_its_space_at_once(kent):
    index = kent.get_parent()
    text_fields = [
        "lead_organisation",
        "partner_organisations",
        "client_groups",
        "key_features",
        "vision",
        "objectives",
        "local_context",
        "achievements",
        "challenges",
        "learning",
        "contact_details",
    ]
    index.add_child(
        instance=PioneerProfilePage(
            title="Cornwall and the Isles of Scilly",
            slug="cornwall",
            short_name="Cornwall",
            summary="A wave two pioneer.",
            year_joined=2015,
            region="south-west",
            **{name: "To be written by the pioneer." for name in text_fields},
        )
    )
    new = PioneerProfilePage.objects.get(slug="cornwall")
    assert new.space.group.name == "Pioneer editors: Cornwall and the Isles of Scilly"


def test_pioneer_editors_edit_their_own_pages_only(kent_editor, kent, greenwich):
    own_case = kent.get_children().first()
    other_case = greenwich.get_children().first()
    assert kent_editor.get(f"/admin/pages/{kent.pk}/edit/").status_code == 200
    assert kent_editor.get(f"/admin/pages/{own_case.pk}/edit/").status_code == 200
    assert kent_editor.get(f"/admin/pages/add/cms/casestudypage/{kent.pk}/").status_code == 200
    for url in [
        f"/admin/pages/{greenwich.pk}/edit/",
        f"/admin/pages/{other_case.pk}/edit/",
        f"/admin/pages/add/cms/casestudypage/{greenwich.pk}/",
        f"/admin/pages/{other_case.pk}/edit/preview/",
        f"/admin/pages/{other_case.pk}/history/",
        f"/admin/pages/{other_case.pk}/revisions/{other_case.latest_revision_id}/view/",
        f"/admin/pages/{other_case.pk}/revisions/compare/earliest...{other_case.latest_revision_id}/",
        f"/admin/pages/{other_case.pk}/copy/",
        f"/admin/pages/{own_case.pk}/delete/",
        f"/admin/pages/{Page.objects.get(slug='toolkits').pk}/edit/",
    ]:
        assert denied(kent_editor.get(url)), url
    moved = kent_editor.post(f"/admin/pages/{own_case.pk}/move/{greenwich.pk}/confirm/")
    assert denied(moved)
    assert Page.objects.get(pk=own_case.pk).get_parent().pk == kent.pk


def test_pioneer_editors_cannot_copy_into_another_pioneer(kent_editor, kent, greenwich):
    own_case = kent.get_children().first()
    response = kent_editor.post(
        f"/admin/pages/{own_case.pk}/copy/",
        {"new_title": "Copied", "new_slug": "copied-into-greenwich", "new_parent_page": greenwich.pk},
    )
    assert not Page.objects.filter(slug="copied-into-greenwich").exists()
    assert response.status_code in (200, 302, 403)


def test_pioneer_editors_cannot_publish_and_submit_for_programme_review(kent_editor, programme_editor, kent):
    case_study = kent.get_children().live().first().specific
    live_title = case_study.title
    form = edit_form(kent_editor, case_study)
    form["title"] = "Proactive reablement, updated by Kent"
    response = kent_editor.post(f"/admin/pages/{case_study.pk}/edit/", {**form, "action-publish": "1"})
    assert response.status_code in (200, 302, 403)
    case_study.refresh_from_db()
    assert case_study.title == live_title  # publishing is not theirs to do
    edit_page = kent_editor.get(f"/admin/pages/{case_study.pk}/edit/").content.decode()
    assert "action-publish" not in edit_page
    assert "Submit for programme review" in edit_page

    response = kent_editor.post(f"/admin/pages/{case_study.pk}/edit/", {**form, "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    state = WorkflowState.objects.get(object_id=str(case_study.pk), status="in_progress")
    assert state.workflow.name == "Programme review"
    case_study.refresh_from_db()
    assert case_study.title == live_title  # the live page waits for approval
    assert Client().get(case_study.url).content.decode().count("updated by Kent") == 0

    from icase.community.models import Notification

    assert Notification.objects.filter(
        kind="review", user__username="programme-lead", message__contains="submitted"
    ).exists()
    task_state = state.current_task_state
    approve = programme_editor.post(
        f"/admin/pages/workflow/action/{case_study.pk}/approve/{task_state.pk}/", {"comment": "Thank you"}
    )
    assert approve.status_code in (200, 302)
    case_study.refresh_from_db()
    assert case_study.title == "Proactive reablement, updated by Kent"
    assert Notification.objects.filter(
        kind="review", user__username="kent-editor", message__contains="approved and published"
    ).exists()


def test_programme_editors_request_changes_and_the_page_stays_as_it_was(kent_editor, programme_editor, kent):
    profile = kent
    live_summary = profile.summary
    revision = profile.save_revision(
        user=Group.objects.get(name=f"Pioneer editors: {kent.title}").user_set.get()
    )
    from wagtail.models import Workflow

    Workflow.objects.get(name="Programme review").start(profile, revision.user)
    state = WorkflowState.objects.get(object_id=str(profile.pk), status="in_progress")
    reject = programme_editor.post(
        f"/admin/pages/workflow/action/{profile.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Please add the 2015 figures."},
    )
    assert reject.status_code in (200, 302)
    state.refresh_from_db()
    assert state.status == "needs_changes"
    profile.refresh_from_db()
    assert profile.summary == live_summary
    from icase.community.models import Notification

    notice = Notification.objects.get(kind="review", user__username="kent-editor")
    assert notice.message == f"Changes requested on “{kent.title}”: Please add the 2015 figures."


def png_upload(name):
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_pioneer_editors_upload_only_into_their_own_collection(kent_editor, kent, greenwich):
    ok = kent_editor.post(
        "/admin/images/add/",
        {
            "title": "Kent team",
            "description": "The Kent team",
            "collection": kent.space.collection.pk,
            "file": png_upload("kent.png"),
        },
    )
    assert ok.status_code == 302
    refused = kent_editor.post(
        "/admin/images/add/",
        {
            "title": "Greenwich team",
            "description": "The Greenwich team",
            "collection": greenwich.space.collection.pk,
            "file": png_upload("greenwich.png"),
        },
    )
    assert refused.status_code in (200, 302)
    from cms.models import AccessibleImage

    # With one permitted collection Wagtail has no collection field: everything lands in Kent's.
    assert set(AccessibleImage.objects.values_list("collection__name", flat=True)) == {kent.title}
    assert "collection" not in kent_editor.get("/admin/images/add/").content.decode().split("<form", 1)[-1]
    document = kent_editor.post(
        "/admin/documents/add/",
        {
            "title": "Greenwich plan",
            "description": "A plan",
            "collection": greenwich.space.collection.pk,
            "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        },
    )
    assert document.status_code in (200, 302)
    assert not DescribedDocument.objects.filter(collection=greenwich.space.collection).exists()


def test_choosers_show_only_their_own_collection(kent_editor, kent, greenwich):
    DescribedDocument.objects.create(
        title="Greenwich budget sheet",
        description="A spreadsheet",
        collection=greenwich.space.collection,
        file=SimpleUploadedFile("budget.csv", b"a,b\n1,2\n"),
    )
    DescribedDocument.objects.create(
        title="Kent pathway",
        description="A pathway",
        collection=kent.space.collection,
        file=SimpleUploadedFile("pathway.csv", b"a,b\n1,2\n"),
    )
    chooser = kent_editor.get("/admin/documents/chooser/").content.decode()
    assert "Kent pathway" in chooser
    assert "Greenwich budget sheet" not in chooser


def test_programme_editors_publish_anywhere(programme_editor, greenwich):
    assert programme_editor.get(f"/admin/pages/{greenwich.pk}/edit/").status_code == 200
    page = programme_editor.get(f"/admin/pages/{greenwich.get_children().first().pk}/edit/").content.decode()
    assert "action-publish" in page
    assert (
        Group.objects.get(name=PROGRAMME_EDITORS).permissions.filter(codename="view_searchquerylog").exists()
    )


def test_the_admin_lists_who_edits_which_pioneer(programme_editor, kent_editor):
    listing = programme_editor.get("/admin/pioneer-editors/").content.decode()
    assert "kent-editor@example.org" in listing


def test_assign_role_reports_unknown_members_and_pioneers():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must sign up first"):
        call_command("assign_role", "nobody@example.org", "programme-editor")
    make_member("someone-new")
    with pytest.raises(CommandError, match="No pioneer with slug"):
        call_command("assign_role", "someone-new@example.org", "pioneer-editor", "--pioneer", "atlantis")


def test_no_publishing_through_copy_or_bulk_actions(kent_editor, kent):
    case_study = kent.get_children().live().first()
    kent_editor.post(
        f"/admin/pages/{case_study.pk}/copy/",
        {
            "new_title": "Copied within Kent",
            "new_slug": "copied-within-kent",
            "new_parent_page": kent.pk,
            "publish_copies": "on",
        },
    )
    copy = Page.objects.filter(slug="copied-within-kent").first()
    assert copy is None or not copy.live
    draft = kent.get_children().live().last()
    draft.unpublish()
    response = kent_editor.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}", {"include_descendants": ""}
    )
    assert response.status_code in (200, 302, 403)
    draft.refresh_from_db()
    assert not draft.live


def test_bulk_publish_works_for_programme_editors(programme_editor, kent):
    """The positive control for the test above: the same request publishes for someone allowed to."""
    draft = kent.get_children().live().last()
    draft.unpublish()
    programme_editor.post(f"/admin/bulk/wagtailcore/page/publish/?id={draft.pk}", {"include_descendants": ""})
    draft.refresh_from_db()
    assert draft.live


def test_moderators_and_members_have_no_admin(kent):
    from tests.icase.community.helpers import make_moderator

    for user in (make_moderator("admin-curious-moderator"), make_member("admin-curious-member")):
        client = Client()
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/" not in response["Location"].split("?")[0], user
        edit = client.get(f"/admin/pages/{kent.pk}/edit/")
        assert edit.status_code == 302 and edit["Location"].startswith("/accounts/login/")


def test_wagtails_default_groups_are_retired():
    """Wagtail's migrations create Editors and Moderators groups that can publish the whole tree."""
    from wagtail.models import GroupPagePermission

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    publishers = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list(
            "group__name", flat=True
        )
    )
    assert publishers == {PROGRAMME_EDITORS}


PIONEER_CONTENT = {"PioneerIndexPage", "PioneerProfilePage", "CaseStudyPage"}


def test_pioneer_content_goes_through_programme_review_and_the_rest_has_no_workflow():
    """Pioneer editors cannot publish, so their section is reviewed; everything else is edited
    only by programme editors, who publish it directly."""
    seen = set()
    for page in Page.objects.filter(depth__gt=1).specific():
        workflow = page.get_workflow()
        kind = type(page).__name__
        seen.add(kind)
        expected = "Programme review" if kind in PIONEER_CONTENT else None
        assert (workflow.name if workflow else None) == expected, (kind, page.title)
    others = {"HomePage", "ToolkitPage", "LearningEventPage", "ThemedCollectionPage", "StandardPage"}
    assert seen >= PIONEER_CONTENT | others


def restore_wagtails_default_workflow():
    """A database set up before ICASE retired it: Wagtail's "Moderators approval" workflow active on
    the root, its task left with no groups once the Moderators group was retired."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    workflow, _ = Workflow.objects.update_or_create(name="Moderators approval", defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name="Moderators approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.active = True
    task.save()
    task.groups.clear()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=Page.get_first_root_node(), defaults={"workflow": workflow})
    return workflow


def test_load_initial_data_frees_pages_trapped_in_wagtails_default_workflow(programme_editor):
    from django.contrib.auth import get_user_model

    from cms.models import StandardPage, ToolkitPage

    workflow = restore_wagtails_default_workflow()
    lead = get_user_model().objects.get(username="programme-lead")
    toolkit = ToolkitPage.objects.live().first()
    standard = StandardPage.objects.live().first()
    edit_url = f"/admin/pages/{toolkit.pk}/edit/"
    assert "Submit for moderators approval" in programme_editor.get(edit_url).content.decode()
    submitted = workflow.start(toolkit, lead)
    changes_requested = workflow.start(standard, lead)
    changes_requested.status = WorkflowState.STATUS_NEEDS_CHANGES
    changes_requested.save()
    lock = toolkit.get_lock()
    assert lock is not None and lock.for_user(lead)  # the trap: even a programme editor is locked out

    call_command("load_initial_data", verbosity=0)

    workflow.refresh_from_db()
    assert not workflow.active
    assert not workflow.workflow_pages.exists()
    for state in (submitted, changes_requested):
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_CANCELLED
    toolkit = ToolkitPage.objects.get(pk=toolkit.pk)
    assert toolkit.get_workflow() is None
    assert toolkit.get_lock() is None
    edit_page = programme_editor.get(edit_url).content.decode()
    assert "Submit for" not in edit_page
    assert "action-publish" in edit_page
    assert not workflow.tasks.filter(active=True).exists()
    call_command("load_initial_data", verbosity=0)  # idempotent


def test_a_resubmission_that_fails_half_way_leaves_the_review_as_it_was(kent_editor, programme_editor, kent):
    """Resubmitting after "request changes" is several writes (the review back in progress, then
    its new task). When one failed ("database is locked" on SQLite), the review was left in progress
    with no task, and every later render of the editor, autosaves included, failed on
    `current_task_state.finished_at`. Admin actions are now all or nothing."""
    from django.db import OperationalError

    from wagtail.signals import task_submitted

    case_study = kent.get_children().live().first().specific
    form = edit_form(kent_editor, case_study)
    edit_url = f"/admin/pages/{case_study.pk}/edit/"
    assert kent_editor.post(edit_url, {**form, "action-submit": "1"}).status_code == 302
    state = WorkflowState.objects.get(object_id=str(case_study.pk), status="in_progress")
    programme_editor.post(
        f"/admin/pages/workflow/action/{case_study.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Please add the figures."},
    )
    state.refresh_from_db()
    assert state.status == "needs_changes"

    def locked(**kwargs):
        raise OperationalError("database is locked")

    task_submitted.connect(locked, dispatch_uid="test-locked")
    kent_editor.raise_request_exception = False
    try:
        assert kent_editor.post(edit_url, {**form, "action-submit": "1"}).status_code == 500
    finally:
        task_submitted.disconnect(dispatch_uid="test-locked")
    state.refresh_from_db()
    assert state.status == "needs_changes" and state.current_task_state is not None

    autosave = kent_editor.post(edit_url, form, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 200 and autosave.json()["success"] is True
    assert kent_editor.get(edit_url).status_code == 200
    assert kent_editor.post(edit_url, {**form, "action-submit": "1"}).status_code == 302
    state.refresh_from_db()
    assert state.status == "in_progress" and state.current_task_state.status == "in_progress"
