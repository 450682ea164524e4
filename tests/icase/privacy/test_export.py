"""Download your data: built in the background, everything from every declaration, and the link
works only for the member, signed in, until it expires."""

import csv
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest

from django.test import Client

from icase.privacy.models import AuditEvent, DataExport
from icase.privacy.registry import declarations
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db

EXPECTED_TABLES = {
    "auth.User",
    "account.EmailAddress",
    "mfa.Authenticator",
    "usersessions.UserSession",
    "community.MemberProfile",
    "community.Category",
    "community.NetworkMembership",
    "community.Thread",
    "community.Post",
    "community.PostRevision",
    "community.Reaction",
    "community.Flag",
    "community.Follow",
    "community.Notification",
    "community.ModerationLog",
    "cms.CaseStudyPage",
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailcore.WorkflowState",
    "feedback.ContactMessage",
    "privacy.DataExport",
    "privacy.AuditEvent",
}


def ask_for_export(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/your-data/download/")
    assert response.status_code == 302
    page = client.get("/accounts/your-data/").content.decode()
    link = re.search(r'href="(/accounts/your-data/download/[^"]+/)"', page)
    assert link, page
    return link.group(1)


def open_zip(response):
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_download_holds_everything_every_declaration_exports(
    active_member, django_capture_on_commit_callbacks
):
    from django.core import mail

    link = ask_for_export(active_member.client, django_capture_on_commit_callbacks)
    response = active_member.client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    archive = open_zip(response)
    tables = json.loads(archive.read("data.json"))["tables"]
    assert set(tables) == {d.label for d in declarations() if d.export is not None}
    empty = {label for label in EXPECTED_TABLES if not tables[label]}
    assert not empty, f"no rows exported for {sorted(empty)}"
    posts = {row["raw"] for row in tables["community.Post"]}
    assert "We use the shared care record overnight too, since March." in posts
    assert tables["community.PostRevision"][0]["raw"] == "We use the shared record overnight too."
    assert tables["community.MemberProfile"][0]["organisation"] == "Kent Community Health"
    assert {row["title"] for row in tables["cms.CaseStudyPage"]} == {
        "One overnight rota for end of life care",
        "A night sitting service run with the hospice",
    }
    assert tables["feedback.ContactMessage"][0]["message"] == "What do you hold about me?"
    assert "not-exported" not in archive.read("data.json").decode()  # no two-factor secrets
    assert "sam-other@example.org" not in archive.read("data.json").decode()  # nobody else's address
    rows = list(csv.DictReader(io.StringIO(archive.read("csv/community.Post.csv").decode())))
    assert len(rows) == len(tables["community.Post"])
    assert "README.txt" in archive.namelist()
    assert any("your data is ready" in message.subject for message in mail.outbox)
    actions = set(AuditEvent.objects.filter(subject=active_member.member).values_list("action", flat=True))
    assert {AuditEvent.EXPORT_REQUESTED, AuditEvent.EXPORT_DOWNLOADED} <= actions


def test_nobody_else_can_fetch_a_members_download(active_member, django_capture_on_commit_callbacks):
    link = ask_for_export(active_member.client, django_capture_on_commit_callbacks)
    assert Client().get(link).status_code == 302  # anonymous: sign in first
    other = Client()
    other.force_login(active_member.other)
    assert other.get(link).status_code == 404
    tampered = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert active_member.client.get(tampered).status_code == 404
    export = DataExport.objects.get(user=active_member.member)
    assert other.get(f"/accounts/your-data/download/{export.token}/").status_code == 404  # unsigned token
    assert active_member.client.get(f"/accounts/your-data/download/{export.token}/").status_code == 404


def test_the_link_expires_after_seven_days(active_member, django_capture_on_commit_callbacks):
    link = ask_for_export(active_member.client, django_capture_on_commit_callbacks)
    export = DataExport.objects.get()
    DataExport.objects.filter(pk=export.pk).update(ready_at=export.ready_at - timedelta(days=7, minutes=1))
    assert active_member.client.get(link).status_code == 404
    assert link not in active_member.client.get("/accounts/your-data/").content.decode()


def test_the_file_is_not_under_the_public_media_address(active_member, django_capture_on_commit_callbacks):
    from django.conf import settings

    ask_for_export(active_member.client, django_capture_on_commit_callbacks)
    path = DataExport.objects.get().file.path
    assert not path.startswith(str(settings.MEDIA_ROOT))


def test_the_page_needs_signing_in_and_the_request_needs_a_post():
    assert Client().get("/accounts/your-data/").status_code == 302
    client = Client()
    client.force_login(make_member("curious"))
    assert client.get("/accounts/your-data/download/").status_code == 405
    page = client.get("/accounts/your-data/")
    assert "Ask for a copy of your data" in page.content.decode()
