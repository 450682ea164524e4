"""Where on-site notices link: the admin editor for a review in progress, the notifications page
for a declined review, the community for a post a moderator did not publish."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.core.management import call_command
from django.test import Client

from wagtail.models import Workflow, WorkflowState

from cms.models import PioneerProfilePage
from icase.community import services
from icase.community.models import Notification, Post

from .helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def review():
    """Kent's profile submitted to Programme review by its editor, and a programme editor's admin client."""
    kent = PioneerProfilePage.objects.get(slug="kent")
    editor = make_member("links-kent-editor")
    call_command("assign_role", editor.email, "pioneer-editor", "--pioneer", "kent", stdout=io.StringIO())
    reviewer = make_member("links-reviewer")
    call_command("assign_role", reviewer.email, "programme-editor", stdout=io.StringIO())
    TOTP.activate(reviewer, generate_totp_secret())
    client = Client()
    client.force_login(reviewer)
    revision = kent.save_revision(user=editor)
    Workflow.objects.get(name="Programme review").start(kent, revision.user)
    state = WorkflowState.objects.get(object_id=str(kent.pk), status="in_progress")
    return kent, editor, reviewer, client, state


def test_review_notices_link_to_the_page_in_the_admin(review):
    kent, editor, reviewer, client, state = review
    submitted = Notification.objects.get(user=reviewer, kind=Notification.REVIEW)
    assert submitted.url == f"/admin/pages/{kent.pk}/edit/"
    client.post(
        f"/admin/pages/workflow/action/{kent.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Please add the 2015 figures."},
    )
    changes = Notification.objects.get(user=editor, kind=Notification.REVIEW)
    assert changes.message.startswith("Changes requested")
    assert changes.url == f"/admin/pages/{kent.pk}/edit/"


def test_a_declined_review_links_to_the_notifications_page(review):
    kent, editor, reviewer, client, state = review
    task_state = state.current_task_state
    client.post(f"/admin/pages/workflow/action/{kent.pk}/decline/{task_state.pk}/", {"comment": ""})
    declined = Notification.objects.get(user=editor, kind=Notification.REVIEW)
    assert "not accepted" in declined.message
    assert declined.url == "/notifications/"


def test_a_notice_without_a_post_or_address_links_to_the_notifications_page():
    member = make_member("links-member")
    services.notify([member], Notification.REVIEW, "Something happened", email=False)
    assert Notification.objects.get(user=member).url == "/notifications/"


def test_a_post_a_moderator_did_not_publish_links_to_the_community():
    author = make_member("links-author")
    post = Post.objects.get(thread=make_thread(author), author=author)
    services.moderate_post(make_moderator("links-moderator"), post, "reject")
    notice = Notification.objects.get(user=author, kind=Notification.MODERATION)
    assert notice.url == "/community/"
