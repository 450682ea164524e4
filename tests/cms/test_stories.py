"""“Share your story”: a member's story becomes a draft in Programme review, never live until
approved; bad input comes back with everything the member typed."""

import io

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from wagtail.models import WorkflowState

from cms.models import CaseStudyPage, DescribedDocument, PioneerProfilePage, Theme
from icase.community.models import Notification
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db

WHAT_HAPPENED = (
    "We brought the district nurses, the night sitting service and the hospice together in one rota. "
    "A single phone number now reaches whoever is on shift overnight.\n\n"
    "Families told us they no longer had to explain the situation three times in one night, and the "
    "out-of-hours GP service reported fewer calls about people at the end of life."
)


@pytest.fixture
def member_client():
    client = Client()
    client.force_login(make_member("storyteller"))
    return client


def story(**overrides):
    themes = list(Theme.objects.values_list("pk", flat=True)[:2])
    data = {
        "title": "One overnight rota for end of life care",
        "pioneer": PioneerProfilePage.objects.get(slug="kent").pk,
        "themes": themes,
        "setting": "home",
        "summary": "District nurses, night sitters and the hospice share one overnight rota and number.",
        "what_happened": WHAT_HAPPENED,
        "outcomes": "Calls to the out-of-hours GP about end of life care fell by a fifth in six months.",
        "contact": "End of life care coordinator, Kent Community Health",
        "credit": "Sam Storyteller",
    }
    data.update(overrides)
    return data


def png(size=(8, 8)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "white").save(buffer, "PNG")
    return SimpleUploadedFile("rota.png", buffer.getvalue(), content_type="image/png")


def test_anonymous_visitors_are_asked_to_sign_in():
    response = Client().get("/share-your-story/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_story_becomes_a_draft_in_programme_review(member_client):
    editor = make_member("reviewer")
    from cms.roles import make_programme_editor

    make_programme_editor(editor)
    attachment = SimpleUploadedFile("rota.pdf", b"%PDF-1.4 rota", content_type="application/pdf")
    response = member_client.post(
        "/share-your-story/",
        {**story(), "attachment": attachment, "image": png(), "image_alt_text": "The rota"},
    )
    assert response.status_code == 200
    assert "Thank you, we have your story" in response.content.decode()
    page = CaseStudyPage.objects.get(title="One overnight rota for end of life care")
    assert not page.live
    assert page.get_parent().slug == "kent" and page.pioneer.slug == "kent"
    assert page.credit == "Sam Storyteller" and page.submitted_by.username == "storyteller"
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "in_progress"
    assert Client().get(f"/pioneers/kent/{page.slug}/").status_code == 404
    document = DescribedDocument.objects.get(title__startswith="One overnight rota")
    assert document.collection == page.pioneer.space.collection
    assert Notification.objects.filter(user=editor, kind="review").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"what_happened": "Too short."}, "at least 200 characters"),
        ({"themes": list(Theme.objects.none())}, "This field is required."),
        (
            {"attachment": SimpleUploadedFile("rota.html", b"<script>", content_type="text/html")},
            "must be a PDF, Word",
        ),
        ({"image": SimpleUploadedFile("rota.svg", b"<svg/>", content_type="image/svg+xml")}, "JPEG or PNG"),
        (
            {"image": SimpleUploadedFile("rota.png", b"not an image", content_type="image/png")},
            "could not be read",
        ),
        ({"image": png()}, "Describe the photo"),
    ],
)
def test_bad_input_is_refused_with_what_was_typed_kept(member_client, overrides, message):
    response = member_client.post("/share-your-story/", story(**overrides))
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "District nurses, night sitters and the hospice" in content  # the summary survives
    assert not CaseStudyPage.objects.filter(title="One overnight rota for end of life care").exists()


def test_attachments_over_the_size_limit_are_refused(member_client, monkeypatch):
    monkeypatch.setattr("cms.stories.ATTACHMENT_MAX_BYTES", 1024)
    big = SimpleUploadedFile("rota.pdf", b"%PDF" + b"x" * 2048, content_type="application/pdf")
    response = member_client.post("/share-your-story/", story(attachment=big))
    assert response.status_code == 400
    assert "must be smaller than" in response.content.decode()


def test_three_stories_a_day_at_most(member_client):
    for number in range(3):
        assert (
            member_client.post(
                "/share-your-story/", story(title=f"Story number {number} from Kent")
            ).status_code
            == 200
        )
    response = member_client.post("/share-your-story/", story(title="Story number four from Kent"))
    assert response.status_code == 400
    assert "up to 3 stories a day" in response.content.decode()


def submitted_story_and_reviewer(member_client, reviewer_name):
    """The member's story in Programme review, and a client signed in as a programme editor
    (with two-factor set up, as the admin requires)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from cms.roles import make_programme_editor

    editor = make_member(reviewer_name)
    make_programme_editor(editor)
    TOTP.activate(editor, generate_totp_secret())
    member_client.post("/share-your-story/", story())
    page = CaseStudyPage.objects.get(title="One overnight rota for end of life care")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    reviewer = Client()
    reviewer.force_login(editor)
    return page, state, reviewer


def test_the_storyteller_hears_when_the_story_is_published(member_client, django_capture_on_commit_callbacks):
    from django.core import mail

    page, state, reviewer = submitted_story_and_reviewer(member_client, "publisher")
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/")
    page.refresh_from_db()
    assert page.live
    notice = Notification.objects.get(user__username="storyteller", kind="review")
    assert notice.url == page.url
    assert any("storyteller@example.org" in message.to for message in mail.outbox)
    assert "Shared by Sam Storyteller" in Client().get(page.url).content.decode()


def test_a_story_can_be_rejected_with_a_reason(member_client, django_capture_on_commit_callbacks):
    from django.core import mail

    page, state, reviewer = submitted_story_and_reviewer(member_client, "gatekeeper")
    edit_page = reviewer.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'data-workflow-action-name="decline"' in edit_page
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(
            f"/admin/pages/workflow/action/{page.pk}/decline/{state.current_task_state.pk}/",
            {"comment": "This duplicates Kent's published end of life case study."},
        )
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == "cancelled" and not page.live
    notice = Notification.objects.get(user__username="storyteller", kind="review")
    assert notice.message.endswith(
        "was not accepted for publication: This duplicates Kent's published end of life case study."
    )
    assert any(
        "storyteller@example.org" in message.to and "not accepted" in message.subject
        for message in mail.outbox
    )
