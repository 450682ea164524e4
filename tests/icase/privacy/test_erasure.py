"""Delete your account: after signing in again the account and personal data go from every model;
discussions keep the posts as "Former member" (with or without their text, as the member
chooses); published stories keep their text without the credit unless asked. Editors can do the
same on a member's request, with an audit record."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.usersessions.models import UserSession

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.test import Client

from cms.models import CaseStudyPage
from cms.roles import make_programme_editor
from icase.community.models import Notification, Post, PostRevision, Thread
from icase.community.personal_data import FORMER_MEMBER_NAME, former_member
from icase.privacy.models import AuditEvent
from icase.privacy.registry import declarations
from icase.privacy.services import CannotErase, ErasureChoices, erase_member
from tests.icase.community.helpers import PASSWORD, make_member

pytestmark = pytest.mark.django_db

# What only the member's own rows held: their name, handle, email address and job title.
TRACES = ("Jo Bloggs", "jo-bloggs", "Discharge lead")


def rows_still_linked(account_number):
    """For every declaration that does not keep its rows, those still linked to the account."""
    left = {}
    for declaration in declarations():
        if declaration.erase == "keep":
            continue
        condition = Q(pk__in=[])
        for name in declaration.fields:
            condition |= Q(**{name: account_number})
        if declaration.label == "auth.User":
            condition |= Q(pk=account_number)
        found = declaration.model._default_manager.filter(condition)
        if declaration.match is not None:
            found = found | declaration.model._default_manager.filter(email__iexact="jo-bloggs@example.org")
        if found.exists():
            left[declaration.label] = found.count()
    return left


def traces_anywhere():
    """(model, trace) for every row of every installed model whose text holds one of TRACES."""
    found = []
    for model in apps.get_models():
        names = [field.attname for field in model._meta.concrete_fields]
        for row in model._default_manager.values_list(*names):
            text = " ".join(str(value) for value in row)
            found += [(model._meta.label, trace) for trace in TRACES if trace.lower() in text.lower()]
    return sorted(set(found))


def test_nothing_of_the_member_remains_in_any_model(active_member):
    account_number = active_member.member.pk
    session_keys = list(
        UserSession.objects.filter(user=active_member.member).values_list("session_key", flat=True)
    )
    erase_member(active_member.member, ErasureChoices(keep_post_content=False))
    assert rows_still_linked(account_number) == {}
    assert traces_anywhere() == [], traces_anywhere()
    assert not Session.objects.filter(session_key__in=session_keys).exists()
    assert active_member.client.get("/accounts/your-data/").status_code == 302  # signed out everywhere
    event = AuditEvent.objects.get(action=AuditEvent.MEMBER_ERASED)
    assert event.subject_id == account_number and event.actor_id == account_number
    assert "by the member" in event.detail


def test_posts_stay_in_threads_as_former_member_with_their_text(active_member):
    erase_member(active_member.member, ErasureChoices(keep_post_content=True))
    reply = Post.objects.get(pk=active_member.reply.pk)
    assert reply.author == former_member()
    assert reply.raw == "We use the shared care record overnight too, since March."
    assert PostRevision.objects.filter(post=reply).exists()
    assert Thread.objects.get(pk=active_member.thread.pk).author == former_member()
    page = Client().get(active_member.others_thread.get_absolute_url()).content.decode()
    assert FORMER_MEMBER_NAME in page and "since March" in page
    told = Notification.objects.filter(user=active_member.other, post__thread=active_member.thread)
    assert told.exists() and all("Jo Bloggs" not in notice.message for notice in told)


def test_posts_can_lose_their_text_and_stay_as_deleted(active_member):
    erase_member(active_member.member, ErasureChoices(keep_post_content=False))
    reply = Post.objects.get(pk=active_member.reply.pk)
    assert (reply.raw, reply.html, reply.author) == ("", "", former_member())
    assert reply.deleted_at is not None
    assert not PostRevision.objects.filter(post=reply).exists()
    page = Client().get(active_member.others_thread.get_absolute_url()).content.decode()
    assert "since March" not in page
    assert Thread.objects.get(pk=active_member.thread.pk).posts.exclude(author=former_member()).exists()


def test_published_stories_keep_their_text_and_lose_the_credit(active_member):
    story = active_member.published_story
    erase_member(active_member.member)
    story.refresh_from_db()
    assert (story.live, story.credit, story.submitted_by) == (True, "", None)
    page = Client().get(story.url).content.decode()
    assert "Shared by" not in page and "night sitting service" in page
    assert all(not revision.content["credit"] for revision in story.revisions.all())
    assert not CaseStudyPage.objects.filter(pk=active_member.draft_story.pk).exists()  # never published


def test_the_credit_stays_when_the_member_asks(active_member):
    story = active_member.published_story
    erase_member(active_member.member, ErasureChoices(keep_story_credit=True))
    story.refresh_from_db()
    assert (story.credit, story.submitted_by) == ("Jo Bloggs", None)


def test_the_placeholder_and_superusers_cannot_be_erased():
    with pytest.raises(CannotErase):
        erase_member(former_member())
    boss = get_user_model().objects.create_superuser("boss", "boss@example.org", PASSWORD)
    with pytest.raises(CannotErase):
        erase_member(boss)


def test_the_member_signs_in_again_then_chooses(active_member):
    client = Client()
    client.force_login(active_member.member)
    response = client.get("/accounts/your-data/delete/")
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    form = client.get("/accounts/your-data/delete/")
    assert form.status_code == 200 and "Keep my name on the stories I shared" in form.content.decode()
    refused = client.post("/accounts/your-data/delete/", {"posts": "remove"}).content.decode()
    assert "There is a problem" in refused and "Confirm that you want to delete your account" in refused
    assert re.search(r'<input type="radio" name="posts" value="remove"[^>]* checked', refused)  # kept
    response = client.post("/accounts/your-data/delete/", {"posts": "remove", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/accounts/your-data/deleted/"
    assert not get_user_model().objects.filter(pk=active_member.member.pk).exists()
    assert "Your account has been deleted" in client.get(response["Location"]).content.decode()
    assert client.get("/accounts/your-data/").status_code == 302  # signed out
    assert Post.objects.get(pk=active_member.reply.pk).raw == ""


def editor_client(username="data-editor"):
    editor = make_member(username)
    make_programme_editor(editor)
    TOTP.activate(editor, generate_totp_secret())
    client = Client()
    client.force_login(editor)
    return editor, client


def test_an_editor_erases_a_member_on_request_with_an_audit_record(active_member):
    editor, client = editor_client()
    missing = client.post("/admin/erase-member/", {"email": "nobody@example.org", "posts": "keep"})
    assert "No account uses this email address" in missing.content.decode()
    response = client.post(
        "/admin/erase-member/",
        {"email": "JO-BLOGGS@example.org", "posts": "keep", "reason": "Email of 3 March", "confirm": "on"},
    )
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=active_member.member.pk).exists()
    event = AuditEvent.objects.get(action=AuditEvent.MEMBER_ERASED)
    assert event.actor_id == editor.pk and event.subject_id == active_member.member.pk
    assert "on the member's request" in event.detail and "Email of 3 March" in event.detail
    log = client.get("/admin/audit-log/").content.decode()
    assert f"Account {active_member.member.pk} (deleted)" in log and editor.email in log


def test_only_programme_editors_can_erase_members_or_read_the_audit_log(active_member):
    moderator = Client()
    moderator.force_login(active_member.member)  # a discussion moderator, no admin access
    for url in ("/admin/erase-member/", "/admin/audit-log/"):
        assert moderator.get(url).status_code in (302, 403)
    assert get_user_model().objects.filter(pk=active_member.member.pk).exists()
