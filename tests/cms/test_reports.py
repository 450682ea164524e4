"""Editor reports in the admin, the first-party counts behind them, and review reminders."""

import html
import io
import time
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cms.models import (
    CaseStudyPage,
    DescribedDocument,
    DocumentDownloadCount,
    PageViewCount,
    Theme,
    ToolkitDocument,
)
from cms.tasks import reminders_for, send_review_reminders
from cms.view_counts import flush_view_counts
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130"


def admin(user):
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def programme_editor():
    user = make_member("report-reader")
    call_command("assign_role", user.email, "programme-editor", stdout=io.StringIO())
    return admin(user)


def test_views_and_downloads_are_counted_without_identifying_anyone():
    case_study = CaseStudyPage.objects.live().first()
    visitor = Client(HTTP_USER_AGENT=BROWSER)
    visitor.get(case_study.url)
    visitor.get(case_study.url)
    Client(HTTP_USER_AGENT="Googlebot/2.1").get(case_study.url)
    document = ToolkitDocument.objects.select_related("document").first().document
    visitor.get(document.url)
    flush_view_counts(now=time.time() + 180)  # what the scheduler does every five minutes
    assert PageViewCount.objects.get(page_id=case_study.pk).count == 2
    assert DocumentDownloadCount.objects.get(document=document).count == 1
    assert {field.name for field in PageViewCount._meta.fields} == {"id", "day", "count", "page"}
    assert not visitor.cookies.get("sessionid")


def test_programme_editors_see_the_reports(programme_editor):
    case_study = CaseStudyPage.objects.live().select_related("pioneer").first()
    Client(HTTP_USER_AGENT=BROWSER).get(case_study.url)
    flush_view_counts(now=time.time() + 180)
    Theme.objects.create(name="Housing adaptations", short_name="Housing", slug="housing", description="New")
    content = html.unescape(programme_editor.get("/admin/reports/content/").content.decode())
    gaps = content.split("Themes with no published case study:", 1)[1].split("</p>", 1)[0]
    assert "Housing adaptations" in gaps
    assert case_study.pioneer.title in content
    usage = html.unescape(programme_editor.get("/admin/reports/usage/").content.decode())
    assert case_study.title in usage
    assert programme_editor.get("/admin/reports/due-for-review/").status_code == 200
    assert "Due for review" in programme_editor.get("/admin/").content.decode()


def test_reports_are_refused_to_pioneer_editors():
    user = make_member("kent-writer")
    call_command("assign_role", user.email, "pioneer-editor", "--pioneer", "kent", stdout=io.StringIO())
    client = admin(user)
    for url in ("/admin/reports/content/", "/admin/reports/usage/", "/admin/reports/due-for-review/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url


def test_review_reminders_go_to_the_owning_pioneers_editors(programme_editor):
    kent_editor = make_member("kent-reviewer")
    call_command(
        "assign_role", kent_editor.email, "pioneer-editor", "--pioneer", "kent", stdout=io.StringIO()
    )
    today = timezone.localdate()
    case_study = CaseStudyPage.objects.live().filter(pioneer__slug="kent").first()
    CaseStudyPage.objects.filter(pk=case_study.pk).update(review_date=today + timedelta(days=7))
    due = html.unescape(programme_editor.get("/admin/reports/due-for-review/").content.decode())
    assert case_study.title in due
    recipients = reminders_for(today)
    assert [row["page"].pk for row in recipients["kent-reviewer@example.org"]] == [case_study.pk]
    assert "report-reader@example.org" not in recipients or all(
        row["page"].pk != case_study.pk for row in recipients["report-reader@example.org"]
    )
    send_review_reminders.call()
    message = next(m for m in mail.outbox if m.to == ["kent-reviewer@example.org"])
    assert case_study.title in message.body
    assert f"/admin/pages/{case_study.pk}/edit/" in message.body


def test_no_reminder_between_the_reminder_days():
    make_member("quiet-editor")
    today = timezone.localdate()
    CaseStudyPage.objects.filter(pioneer__slug="kent").update(review_date=today + timedelta(days=12))
    assert all(
        (row["review_date"] - today).days in (30, 7, 0)
        for rows in reminders_for(today).values()
        for row in rows
    )


def test_unused_documents_have_no_counts():
    assert not DocumentDownloadCount.objects.exists()
    assert DescribedDocument.objects.exists()
