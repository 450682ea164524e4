"""Nothing a member types can stop an email: thread titles stay on one line (the form), and email
subjects are built from single-line, length-limited text (the task), so a title with line breaks or
control characters no longer makes Django refuse the email (BadHeaderError)."""

import pytest

from django.core import mail
from django.urls import reverse

from icase.community import services
from icase.community.forms import ThreadForm
from icase.community.models import Category, Follow, Notification, Post, Thread
from icase.community.text import SUBJECT_LENGTH, single_line

from .helpers import make_member

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Who uses\nthe NHS number?\r\nBcc: everyone@example.org\x0b\x1b[31m\u2028\u202eend"


@pytest.fixture
def alice():
    return make_member("alice")


@pytest.fixture
def bob():
    return make_member("bob")


def test_a_stored_title_with_control_characters_still_sends_its_emails(
    alice, bob, django_capture_on_commit_callbacks
):
    """Titles saved before the form cleaned them (or by any other path) reach the sink as they are."""
    category = Category.objects.get(slug="informatics-network")
    thread = Thread.objects.create(category=category, title=HOSTILE_TITLE, author=bob)
    Post.objects.create(thread=thread, author=bob, raw="The opening post")
    Follow.objects.create(user=bob, thread=thread)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(alice, thread, "A reply Bob should hear about")
    notification = Notification.objects.get(user=bob)
    assert notification.emailed_at is not None
    [message] = [message for message in mail.outbox if message.to == ["bob@example.org"]]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert not any(ord(char) < 32 or char in "\u2028\u202e\x7f" for char in message.subject)
    assert message.subject.startswith("ICASE: Alice replied to “Who uses the NHS number? Bcc:")
    assert len(message.subject) <= len("ICASE: ") + SUBJECT_LENGTH


def test_long_subjects_are_cut_at_a_word():
    subject = single_line("word " * 100, limit=SUBJECT_LENGTH)
    assert len(subject) <= SUBJECT_LENGTH and subject.endswith("word…")


def test_the_title_field_puts_line_breaks_on_one_line():
    form = ThreadForm(
        {
            "category": Category.objects.get(slug="informatics-network").pk,
            "title": "  Who uses\nthe NHS number\r\nin social\tcare?\u2028 ",
            "body": "We want to know.",
        },
        categories=Category.objects.all(),
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Who uses the NHS number in social care?"


@pytest.mark.parametrize("hidden", ["\x1b[31m", "\x07", "\u202e", "\u200b", "\x7f"])
def test_the_title_field_refuses_control_characters_and_keeps_the_text(client, alice, hidden):
    client.force_login(alice)
    title = f"Who uses the NHS number{hidden} in social care?"
    response = client.post(
        "/community/new/",
        {
            "category": Category.objects.get(slug="informatics-network").pk,
            "title": title,
            "body": "A message I do not want to lose.",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Remove the hidden control or formatting characters" in content
    assert "A message I do not want to lose." in content
    assert not Thread.objects.filter(title__startswith="Who uses the NHS number").exists()


def test_a_new_thread_title_with_line_breaks_reaches_category_followers_by_email(
    client, alice, bob, django_capture_on_commit_callbacks
):
    category = Category.objects.get(slug="informatics-network")
    Follow.objects.create(user=bob, category=category)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/community/new/",
            {"category": category.pk, "title": "Shared care\r\nrecords at night", "body": "How do you?"},
        )
    assert response.status_code == 302
    thread = Thread.objects.get(author=alice, category=category)
    assert thread.title == "Shared care records at night"
    assert response["Location"] == reverse("community:thread", args=[thread.pk, thread.slug])
    [message] = [message for message in mail.outbox if message.to == ["bob@example.org"]]
    assert message.subject == "ICASE: New thread in Informatics network: “Shared care records at night”"
