"""“Share your story”: a member's story becomes a draft in Programme review, never live until
approved; bad input comes back with everything the member typed."""

import io
import zipfile

import pytest
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import encode_multipart

from wagtail.models import WorkflowState

from cms.models import AccessibleImage, CaseStudyPage, DescribedDocument, PioneerProfilePage, Theme
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


def png(size=(8, 8), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size, "white").save(buffer, "PNG")
    return SimpleUploadedFile("rota.png", buffer.getvalue(), content_type="image/png")


def pdf(name="rota.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 rota", content_type="application/pdf")


def package(name, members):
    """A ZIP file (as DOCX and ODT files are) holding `members`, name to bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)
    return SimpleUploadedFile(name, buffer.getvalue())


def real_odt():
    return package(
        "rota.odt", {"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"}
    )


def real_docx():
    return package("rota.docx", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def test_anonymous_visitors_are_asked_to_sign_in():
    response = Client().get("/share-your-story/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_story_becomes_a_draft_in_programme_review(member_client):
    editor = make_member("reviewer")
    from cms.roles import make_programme_editor

    make_programme_editor(editor)
    response = member_client.post(
        "/share-your-story/",
        {**story(), "attachment": pdf(), "image": png(), "image_alt_text": "The rota"},
        follow=True,
    )
    assert response.redirect_chain == [("/share-your-story/thank-you/", 302)]
    assert "Thank you, we have your story" in response.content.decode()
    page = CaseStudyPage.objects.get(title="One overnight rota for end of life care")
    assert not page.live
    assert page.get_parent().slug == "kent" and page.pioneer.slug == "kent"
    assert page.credit == "Sam Storyteller" and page.submitted_by.username == "storyteller"
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "in_progress"
    assert Client().get(f"/pioneers/kent/{page.slug}/").status_code == 404
    document = DescribedDocument.objects.get(title__startswith="One overnight rota")
    assert document.collection.get_parent() == page.pioneer.space.collection  # its review collection
    assert Notification.objects.filter(user=editor, kind="review").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Enter a title"),
        ({"pioneer": ""}, "Select a pioneer"),
        ({"setting": ""}, "Select where the care happens"),
        ({"outcomes": "x" * 4001}, "What changed must be 4,000 characters or fewer"),
        ({"what_happened": "Too short."}, "What happened must be at least 200 characters"),
        ({"themes": list(Theme.objects.none())}, "Select at least one theme"),
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
        # the content must be what the name says, not only the extension
        (
            {"attachment": SimpleUploadedFile("rota.odt", b"<html><script>alert(1)</script></html>")},
            "not a real OpenDocument text (.odt) file",
        ),
        ({"attachment": SimpleUploadedFile("rota.pdf", b"<html><p>Hi</p></html>")}, "not a real PDF file"),
        ({"attachment": package("rota.docx", {"index.html": b"<html/>"})}, "not a real Word (.docx) file"),
        ({"attachment": package("rota.odt", {"mimetype": b"text/html"})}, "not a real OpenDocument"),
        (
            {
                "image": SimpleUploadedFile("rota.jpg", png().read(), content_type="image/jpeg"),
                "image_alt_text": "The rota",
            },
            "JPEG or PNG",
        ),
        # Wagtail's pixel limit (WAGTAILIMAGES_MAX_IMAGE_PIXELS): a tiny file can hold a huge image
        pytest.param(
            {"image": png(size=(12_000, 12_000), mode="1"), "image_alt_text": "The rota"},
            "more than 40 million pixels",
            marks=pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
        ),
    ],
)
def test_bad_input_is_refused_with_what_was_typed_kept(member_client, overrides, message):
    response = member_client.post("/share-your-story/", story(**overrides))
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "District nurses, night sitters and the hospice" in content  # the summary survives
    assert not CaseStudyPage.objects.filter(title="One overnight rota for end of life care").exists()


@pytest.mark.parametrize("upload", [real_odt, real_docx])
def test_real_word_and_opendocument_files_are_accepted(member_client, upload):
    assert member_client.post("/share-your-story/", story(attachment=upload())).status_code == 302
    assert DescribedDocument.objects.filter(title__startswith="One overnight rota").exists()


def test_attachments_over_the_size_limit_are_refused(member_client, monkeypatch):
    monkeypatch.setattr("cms.stories.ATTACHMENT_MAX_BYTES", 1024)
    big = SimpleUploadedFile("rota.pdf", b"%PDF" + b"x" * 2048, content_type="application/pdf")
    response = member_client.post("/share-your-story/", story(attachment=big))
    assert response.status_code == 413
    content = response.content.decode()
    assert "must be smaller than" in content
    assert "District nurses, night sitters and the hospice" in content
    assert not DescribedDocument.objects.filter(title__startswith="One overnight rota").exists()


BOUNDARY = "StoryFormBoundary"
MB = 1024 * 1024


class GeneratedBody:
    """A request body of `length` bytes made as it is read (`prefix`, then filler), which records
    how much of it the site read."""

    def __init__(self, prefix, length):
        self.prefix, self.length, self.position = prefix, length, 0

    def read(self, size=-1):
        end = self.length if size is None or size < 0 else min(self.length, self.position + size)
        chunk = self.prefix[self.position : end] + b"x" * max(0, end - max(self.position, len(self.prefix)))
        self.position = end
        return chunk

    def readline(self, size=-1):
        return self.read(size)


def csrf_checked_client(username):
    """A signed-in client that sends CSRF tokens as a browser does, so the view's own CSRF check
    (after its upload limits are in place) is exercised."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member(username))
    client.get("/share-your-story/")
    return client, client.cookies["csrftoken"].value


def post_raw(client, stream, length):
    """POST a multipart body read from `stream`, declared as `length` bytes."""
    environ = {
        "wsgi.input": stream,
        "CONTENT_LENGTH": str(length),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
    }
    return client.generic("POST", "/share-your-story/", **environ)


def test_an_oversized_document_is_refused_while_it_streams_in():
    client, token = csrf_checked_client("storyteller")
    big = SimpleUploadedFile("rota.pdf", b"%PDF-1.4\n" + b"x" * (12 * MB), content_type="application/pdf")
    body = encode_multipart(BOUNDARY, {"csrfmiddlewaretoken": token, **story(), "attachment": big})
    stream = io.BytesIO(body)
    response = post_raw(client, stream, len(body))
    assert response.status_code == 413
    content = response.content.decode()
    assert "The document must be smaller than 10 MB" in content
    assert "District nurses, night sitters and the hospice" in content  # what was typed survives
    assert stream.tell() < 10 * MB + MB // 2  # reading stopped at the limit; the rest was never read
    assert not CaseStudyPage.objects.filter(title="One overnight rota for end of life care").exists()
    assert not DescribedDocument.objects.filter(title__startswith="One overnight rota").exists()


def test_a_body_too_large_for_any_story_is_refused_before_it_is_read():
    client, _ = csrf_checked_client("storyteller")
    prefix = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="attachment"; filename="huge.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
    ).encode()
    stream = GeneratedBody(prefix, 40 * MB)
    response = post_raw(client, stream, 40 * MB)
    assert response.status_code == 413
    assert "too large to send" in response.content.decode()
    assert stream.position == 0
    assert not DescribedDocument.objects.filter(file__contains="huge").exists()


def test_the_story_form_still_checks_its_csrf_token():
    client, _ = csrf_checked_client("storyteller")
    response = client.post("/share-your-story/", story(attachment=pdf()))
    assert response.status_code == 403
    assert not CaseStudyPage.objects.filter(title="One overnight rota for end of life care").exists()


def test_three_stories_a_day_at_most(member_client):
    for number in range(3):
        assert (
            member_client.post(
                "/share-your-story/", story(title=f"Story number {number} from Kent")
            ).status_code
            == 302
        )
    response = member_client.post("/share-your-story/", story(title="Story number four from Kent"))
    assert response.status_code == 400
    assert "up to 3 stories a day" in response.content.decode()


def submitted_story_and_reviewer(member_client, reviewer_name, **extra):
    """The member's story in Programme review, and a client signed in as a programme editor
    (with two-factor set up, as the admin requires)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from cms.roles import make_programme_editor

    editor = make_member(reviewer_name)
    make_programme_editor(editor)
    TOTP.activate(editor, generate_totp_secret())
    member_client.post("/share-your-story/", story(**extra))
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


def test_files_sent_with_a_story_stay_private_until_it_is_published(
    member_client, django_capture_on_commit_callbacks
):
    from cms.roles import make_pioneer_editor

    page, state, reviewer = submitted_story_and_reviewer(
        member_client, "publisher", attachment=pdf(), image=png(), image_alt_text="The rota"
    )
    document = DescribedDocument.objects.get(title__startswith="One overnight rota")
    image = AccessibleImage.objects.get(title="One overnight rota for end of life care")
    refused = Client().get(document.url)
    assert refused.status_code == 302 and "/accounts/login/" in refused["Location"]
    other_member = Client()
    other_member.force_login(make_member("curious"))
    assert other_member.get(document.url).status_code != 200
    editor = make_member("kent-editor")
    make_pioneer_editor(editor, page.pioneer)
    kent_editor = Client()
    kent_editor.force_login(editor)
    assert reviewer.get(document.url).status_code == 200  # the programme editors review it
    assert kent_editor.get(document.url).status_code == 200  # and so may the pioneer's editors
    # Images are served from MEDIA_URL with no check at all, so theirs is a name nobody can guess
    assert "rota" not in image.file.name and image.collection == document.collection

    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/")
    page.refresh_from_db()
    document.refresh_from_db()
    image.refresh_from_db()
    assert page.live
    assert document.collection == image.collection == page.pioneer.space.collection
    published = Client().get(document.url)
    assert published.status_code == 200 and published["Content-Security-Policy"] == "default-src 'none'"


def test_files_of_stories_sent_before_they_were_kept_private_are_made_private(member_client):
    from cms.stories import protect_waiting_story_media

    member_client.post("/share-your-story/", story(attachment=pdf()))
    page = CaseStudyPage.objects.get(title="One overnight rota for end of life care")
    document = DescribedDocument.objects.get(title__startswith="One overnight rota")
    document.collection = page.pioneer.space.collection  # where earlier releases stored it
    document.save()
    assert Client().get(document.url).status_code == 200
    protect_waiting_story_media()  # run by load_initial_data
    document.refresh_from_db()
    assert document.collection.get_parent() == page.pioneer.space.collection
    assert Client().get(document.url).status_code == 302


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


def test_refreshing_the_thank_you_page_sends_nothing_again(member_client):
    """Post/redirect/get: the thank-you page is a GET, so a refresh re-reads it."""
    member_client.post("/share-your-story/", story())
    for _refresh in range(2):
        page = member_client.get("/share-your-story/thank-you/")
        assert page.status_code == 200 and "One overnight rota for end of life care" in page.content.decode()
    assert CaseStudyPage.objects.filter(title="One overnight rota for end of life care").count() == 1


def test_the_same_story_sent_twice_in_a_day_is_refused_and_kept_on_the_form(member_client):
    assert member_client.post("/share-your-story/", story()).status_code == 302
    again = member_client.post(
        "/share-your-story/", story(title="  one overnight ROTA for end of life care ")
    )
    assert again.status_code == 400
    content = again.content.decode()
    assert "You have already shared" in content
    assert "District nurses, night sitters and the hospice" in content  # what was typed survives
    assert CaseStudyPage.objects.filter(title__iexact="One overnight rota for end of life care").count() == 1


def test_the_thank_you_page_shows_only_your_own_story(member_client):
    member_client.post("/share-your-story/", story())
    other = Client()
    other.force_login(make_member("someone-else"))
    session = other.session
    session["shared_story"] = CaseStudyPage.objects.get(title="One overnight rota for end of life care").pk
    session.save()
    assert other.get("/share-your-story/thank-you/")["Location"] == "/share-your-story/"


def test_paragraphs_survive_the_line_breaks_browsers_send(member_client):
    text = "First paragraph about the rota.\r\n\r\nSecond paragraph, after a blank line.\r\n \r\nThird."
    member_client.post("/share-your-story/", story(what_happened=text + " " + "x" * 200))
    page = CaseStudyPage.objects.get(title="One overnight rota for end of life care")
    body = page.get_latest_revision_as_object().body
    paragraphs = [block.value.source for block in body if block.block_type == "paragraph"]
    assert paragraphs[:2] == [
        "<p>First paragraph about the rota.</p>",
        "<p>Second paragraph, after a blank line.</p>",
    ]
    assert paragraphs[2].startswith("<p>Third.")


def test_long_answers_say_their_limit_and_count_as_you_type(member_client):
    """NHS.UK's character count: the limit is in the page for everyone; its script makes it live."""
    content = member_client.get("/share-your-story/").content.decode()
    assert 'data-module="nhsuk-character-count" data-maxlength="400"' in content
    assert 'id="id_summary-info">You can enter up to 400 characters' in content
    assert 'class="nhsuk-textarea nhsuk-js-character-count"' in content
    assert 'aria-describedby="id_summary_helptext id_summary-info"' in content


def test_a_valid_file_chosen_before_a_mistake_is_asked_for_again_by_name(member_client):
    response = member_client.post("/share-your-story/", story(title="", attachment=pdf("night-rota.pdf")))
    assert response.status_code == 400
    content = response.content.decode()
    assert "You chose night-rota.pdf. Choose it again before you send" in content
