"""Who may compose, test and send the editors' bulletin: programme editors only, whatever door
(listing, add, edit, the send page and its POSTs) another role tries."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cms.models import CaseStudyPage
from icase.alerts import bulletins
from icase.alerts.models import Bulletin, BulletinDelivery, BulletinPick
from icase.alerts.wagtail_hooks import SENT_MESSAGE, BulletinViewSet
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def admin_client(user):
    TOTP.activate(user, generate_totp_secret())  # the admin requires two-factor authentication
    client = Client()
    client.force_login(user)
    return client


def with_role(name, *role):
    user = make_member(name, trusted=False)
    if role:
        call_command("assign_role", user.email, *role, stdout=io.StringIO())
    return user


@pytest.fixture
def bulletin():
    draft = Bulletin.objects.create(title="Permission bulletin", intro="<p>Hello.</p>")
    BulletinPick.objects.create(bulletin=draft, page=CaseStudyPage.objects.live().first(), sort_order=0)
    return draft


@pytest.fixture
def reader():
    member = with_role("bulletin-opted-in")
    bulletins.set_opt_in(member, True)
    return member


def clients():
    """Every role but the programme editor's, each with a client as it reaches the admin."""
    member = Client()
    member.force_login(with_role("bulletin-member"))
    return {
        "anonymous": Client(),
        "member": member,
        "moderator": admin_client(with_role("bulletin-moderator", "moderator")),
        "pioneer editor": admin_client(with_role("bulletin-kent", "pioneer-editor", "--pioneer", "kent")),
    }


def denied(response):
    """Wagtail answers a forbidden admin request with 403 or a redirect (login or dashboard)."""
    return response.status_code == 403 or response.status_code == 302


def urls(bulletin):
    return [
        reverse("wagtailsnippets_alerts_bulletin:list"),
        reverse("wagtailsnippets_alerts_bulletin:add"),
        reverse("wagtailsnippets_alerts_bulletin:edit", args=[bulletin.pk]),
        reverse("wagtailsnippets_alerts_bulletin:send", args=[bulletin.pk]),
    ]


def test_no_other_role_may_open_or_send_a_bulletin(bulletin, reader):
    send_url = reverse("wagtailsnippets_alerts_bulletin:send", args=[bulletin.pk])
    for role, client in clients().items():
        for url in urls(bulletin):
            assert denied(client.get(url)), (role, url)
        for action in ("test", "send"):
            assert denied(client.post(send_url, {"action": action, "confirm": "yes"})), (role, action)
    bulletin.refresh_from_db()
    assert not bulletin.is_sent
    assert mail.outbox == []


def test_a_programme_editor_tests_then_sends_once(bulletin, reader, django_capture_on_commit_callbacks):
    editor_user = with_role("bulletin-editor", "programme-editor")
    editor = admin_client(editor_user)
    for url in urls(bulletin):
        assert editor.get(url).status_code == 200, url
    send_url = reverse("wagtailsnippets_alerts_bulletin:send", args=[bulletin.pk])
    page = editor.get(send_url)
    assert "Send a test to me" in page.text and "Send it to all 1 member who opted in" in page.text

    editor.post(send_url, {"action": "test"})
    [test] = mail.outbox
    assert test.to == [editor_user.email] and test.subject == "[Test] Permission bulletin"
    assert not BulletinDelivery.objects.exists()

    editor.post(send_url, {"action": "send"})  # not confirmed: nothing happens
    bulletin.refresh_from_db()
    assert not bulletin.is_sent

    with django_capture_on_commit_callbacks(execute=True):
        editor.post(send_url, {"action": "send", "confirm": "yes"})
        editor.post(send_url, {"action": "send", "confirm": "yes"})
    bulletin.refresh_from_db()
    assert bulletin.is_sent and bulletin.sent_by == editor_user
    assert [message.to for message in mail.outbox[1:]] == [[reader.email]]
    assert "public archive" in editor.get(send_url).text


def test_a_sent_bulletin_can_no_longer_be_changed(bulletin):
    editor = with_role("bulletin-sender", "programme-editor")
    bulletins.start_sending(bulletin, editor)
    form_class = BulletinViewSet().get_edit_handler().get_form_class()
    form = form_class({"title": "Changed after sending"}, instance=bulletin, for_user=editor)
    assert not form.is_valid()
    assert SENT_MESSAGE in form.non_field_errors()
