"""The moderation queue lists only posts with open reports as reported, and approving a new
member's post tells them, as the posting page promised."""

import pytest

from django.core import mail
from django.test import Client
from django.utils import timezone

from icase.community import services
from icase.community.models import Flag, Notification, Post

from .helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db


def test_only_posts_with_open_reports_are_listed_as_reported():
    author = make_member("queue-author")
    thread = make_thread(author, title="Posts with and without reports")
    unreported = thread.posts.get()
    resolved = services.reply(author, thread, "A reply whose report a moderator already dealt with.")
    reported = services.reply(author, thread, "A reply with an open report.")
    Flag.objects.create(
        post=resolved, user=make_member("queue-reporter-1"), reason="spam", resolved_at=timezone.now()
    )
    Flag.objects.create(post=reported, user=make_member("queue-reporter-2"), reason="off-topic")
    assert list(Post.objects.flagged()) == [reported]
    client = Client()
    client.force_login(make_moderator("queue-moderator"))
    page = client.get("/community/moderation/").content.decode()
    assert "Reported posts (1)" in page
    assert unreported.raw not in page.split("Reported posts")[1]


def test_approving_a_new_members_post_tells_them_on_site_and_by_email(django_capture_on_commit_callbacks):
    newcomer = make_member("queue-newcomer", trusted=False)
    thread = make_thread(make_member("queue-host"), title="Welcome, new members")
    post = services.reply(newcomer, thread, "My first reply, waiting for a moderator.")
    assert post.status == Post.PENDING
    mail.outbox.clear()
    client = Client()
    client.force_login(make_moderator("queue-approver"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/community/moderation/p/{post.pk}/approve/", follow=True)
    assert "The post is approved and published. Its author has been told." in response.content.decode()
    notice = Notification.objects.get(user=newcomer, kind=Notification.MODERATION)
    assert "approved" in notice.message and thread.title in notice.message
    assert any(newcomer.email in message.to for message in mail.outbox)
