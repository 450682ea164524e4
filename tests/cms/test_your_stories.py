"""Your stories: members see where each story they shared has got to, and what the reviewer said."""

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.cms.test_stories import member_client, story, submitted_story_and_reviewer  # noqa: F401
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def status_of(client, title):
    page = client.get("/your-stories/").content.decode()
    start = page.index(title)
    return page[start : page.index("</dd>", start)]


def test_a_story_in_review_then_sent_back_for_changes(member_client):  # noqa: F811
    page, state, reviewer = submitted_story_and_reviewer(member_client, "reviewer")
    assert "Being reviewed" in status_of(member_client, page.title)
    reviewer.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Please add the period the figure covers."},
    )
    row = status_of(member_client, page.title)
    assert "Changes requested" in row and "Please add the period the figure covers." in row


def test_a_declined_story_says_so_with_the_reason(member_client, django_capture_on_commit_callbacks):  # noqa: F811
    page, state, reviewer = submitted_story_and_reviewer(member_client, "gatekeeper")
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(
            f"/admin/pages/workflow/action/{page.pk}/decline/{state.current_task_state.pk}/",
            {"comment": "This repeats a published case study."},
        )
    row = status_of(member_client, page.title)
    assert "Not accepted" in row and "This repeats a published case study." in row


def test_a_published_story_links_to_its_page(member_client, django_capture_on_commit_callbacks):  # noqa: F811
    page, state, reviewer = submitted_story_and_reviewer(member_client, "publisher")
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/")
    page.refresh_from_db()
    content = member_client.get("/your-stories/").content.decode()
    assert f'<a href="{page.url}">{page.title}</a>' in content and "Published" in content


def test_only_your_own_stories_are_listed_and_visitors_sign_in(member_client):  # noqa: F811
    member_client.post("/share-your-story/", story())
    other = Client()
    other.force_login(make_member("someone-else"))
    content = other.get("/your-stories/").content.decode()
    assert "One overnight rota" not in content and "You have not shared a story yet." in content
    assert Client().get("/your-stories/").status_code == 302


def test_the_list_costs_the_same_queries_however_many_stories(member_client):  # noqa: F811
    member_client.post("/share-your-story/", story())

    def count():
        member_client.get("/your-stories/")
        with CaptureQueriesContext(connection) as context:
            assert member_client.get("/your-stories/").status_code == 200
        return len(context.captured_queries)

    with_one = count()
    member_client.post("/share-your-story/", story(title="A second story about the night rota"))
    assert count() == with_one


def test_members_hear_about_their_story_from_icase_only(member_client, django_capture_on_commit_callbacks):  # noqa: F811
    """Wagtail's own review emails link to the admin, which a member cannot open."""
    from django.core import mail

    page, state, reviewer = submitted_story_and_reviewer(member_client, "approver")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/")
    to_member = [message for message in mail.outbox if "storyteller@example.org" in message.to]
    assert len(to_member) == 1
    assert "was approved and published" in to_member[0].body and "/admin/" not in to_member[0].body


def test_reviewers_get_wagtail_review_emails_in_the_icase_frame(django_capture_on_commit_callbacks):
    from django.core import mail

    from cms.roles import make_programme_editor

    make_programme_editor(make_member("frame-reviewer"))
    storyteller = Client()
    storyteller.force_login(make_member("frame-storyteller"))
    with django_capture_on_commit_callbacks(execute=True):
        storyteller.post("/share-your-story/", story(title="A story sent for the framed review email"))
    to_reviewer = [message for message in mail.outbox if "frame-reviewer@example.org" in message.to]
    assert to_reviewer, [message.subject for message in mail.outbox]
    text = to_reviewer[0].body
    assert text.startswith("ICASE: the Integrated Care and Support Exchange")
    assert "Why you got this email: you review or edit content in ICASE" in text
    assert "A story sent for the framed review email" in text
    assert "Hello from" not in text and "Edit your notification preferences" not in text
