"""The contact page and "Is this page useful?": stored for programme editors, errors that keep what
was typed, rate limits, a mail outage that loses nothing, and who may read them in the admin."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.core import mail
from django.core.cache import cache
from django.test import Client

from cms.models import CaseStudyPage
from cms.roles import make_programme_editor
from icase.feedback.models import ContactMessage, PageFeedback
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db

MESSAGE = {
    "name": "Sam Practitioner",
    "email": "sam@example.org",
    "topic": "content",
    "message": "The Leeds case study links to a page that no longer exists.",
}


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def editor():
    user = make_member("programme-editor")
    user.email = "editor@example.org"
    user.save()
    make_programme_editor(user)
    TOTP.activate(user, generate_totp_secret())  # the admin requires two-factor authentication
    return user


def test_a_message_is_stored_and_reaches_the_programme_editors(editor):
    response = Client().post("/contact/", MESSAGE)
    assert response.status_code == 302 and response["Location"] == "/contact/sent/"
    stored = ContactMessage.objects.get()
    assert stored.email == "sam@example.org" and not stored.handled
    assert [message.to for message in mail.outbox] == [["editor@example.org"]]
    assert "The Leeds case study links to a page" in mail.outbox[0].body
    assert "Message sent" in Client().get("/contact/sent/").content.decode()


def test_mistakes_are_explained_and_what_was_typed_is_kept():
    response = Client().post("/contact/", {**MESSAGE, "name": "", "email": "not-an-address", "topic": ""})
    assert response.status_code == 400
    content = response.content.decode()
    for error in [
        "Enter your name",
        "Enter an email address in the correct format",
        "Select what your message",
    ]:
        assert error in content
    assert "The Leeds case study links to a page" in content
    assert "There is a problem" in content and not ContactMessage.objects.exists()


def test_too_many_messages_from_one_client_are_refused_keeping_the_text():
    client = Client()
    for _ in range(5):
        assert client.post("/contact/", MESSAGE).status_code == 302
    response = client.post("/contact/", MESSAGE)
    assert response.status_code == 429
    assert "Try again later" in response.content.decode()
    assert "The Leeds case study links to a page" in response.content.decode()
    assert ContactMessage.objects.count() == 5


def test_a_mail_outage_loses_no_message(editor, settings):
    settings.EMAIL_BACKEND = "tests.icase.community.failing_mail.FailingBackend"
    assert Client().post("/contact/", MESSAGE).status_code == 302
    assert ContactMessage.objects.count() == 1


def test_is_this_page_useful_works_without_javascript():
    page = CaseStudyPage.objects.live().first()
    html = Client().get(page.url).content.decode()
    assert "Is this page useful?" in html
    response = Client().post(
        "/feedback/", {"page": page.pk, "useful": "no", "comment": "Needs the outcomes."}
    )
    assert response["Location"] == f"{page.url}?feedback=sent#page-feedback"
    answer = PageFeedback.objects.get()
    assert answer.page_id == page.pk and answer.useful is False and answer.comment == "Needs the outcomes."
    assert "Thank you for your feedback" in Client().get(f"{page.url}?feedback=sent").content.decode()


def test_page_feedback_refuses_what_it_cannot_store():
    page = CaseStudyPage.objects.live().first()
    too_long = Client().post("/feedback/", {"page": page.pk, "useful": "yes", "comment": "x" * 1001})
    assert too_long["Location"] == f"{page.url}?feedback=invalid#page-feedback"
    assert Client().post("/feedback/", {"page": 999999, "useful": "yes"})["Location"] == "/"
    assert Client().get("/feedback/").status_code == 405
    assert not PageFeedback.objects.exists()


def test_only_programme_editors_read_messages_and_feedback_in_the_admin(editor):
    Client().post("/contact/", MESSAGE)
    reader = Client()
    reader.force_login(editor)
    listing = reader.get("/admin/snippets/feedback/contactmessage/")
    assert listing.status_code == 200 and "Sam Practitioner" in listing.content.decode()
    assert reader.get("/admin/snippets/feedback/pagefeedback/").status_code == 200
    member = Client()
    member.force_login(make_member("ordinary"))
    assert member.get("/admin/snippets/feedback/contactmessage/").status_code in (302, 403)


def test_promises_lead_somewhere():
    guidelines = Client().get("/community-guidelines/").content.decode()
    assert "Never share personal or patient information" in guidelines
    member = Client()
    member.force_login(make_member("writer"))
    assert 'href="/community-guidelines/"' in member.get("/community/new/").content.decode()
    home = Client().get("/").content.decode()
    assert 'href="/contact/"' in home
    assert "contact page" in Client().get("/accessibility-statement/").content.decode()
