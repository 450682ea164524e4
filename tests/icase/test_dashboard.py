"""The admin dashboard's "Needs attention" panel: counts for what each role can act on."""

import io
from datetime import timedelta

import pytest

from django.core.management import call_command
from django.utils import timezone

from cms.models import CaseStudyPage
from search.models import SearchQueryLog
from tests.icase.community.helpers import admin_client_for, make_editor

pytestmark = pytest.mark.django_db


def panel(client):
    page = client.get("/admin/").content.decode()
    if "Needs attention" not in page:
        return ""
    return page.split('id="icase-attention-heading"', 1)[1].split("</section>", 1)[0]


def test_programme_editors_see_reviews_due_and_searches_that_found_nothing():
    user = make_editor("dashboard-lead", "programme-editor")
    today = timezone.localdate()
    due = list(CaseStudyPage.objects.live()[:2])
    CaseStudyPage.objects.filter(pk=due[0].pk).update(review_date=today - timedelta(days=3))
    CaseStudyPage.objects.filter(pk=due[1].pk).update(review_date=today + timedelta(days=10))
    for query in ["tattoo removal", "tattoo removal", "podiatry"]:
        SearchQueryLog.objects.create(query=query, results=0, backend="database")
    SearchQueryLog.objects.create(
        query="last month", results=0, backend="database", created_at=timezone.now() - timedelta(days=20)
    )
    SearchQueryLog.objects.create(query="reablement", results=9, backend="database")
    shown = panel(admin_client_for(user))
    assert "Pages due for review in the next 30 days" in shown
    assert "past their review date" in shown
    assert "Searches that found nothing this week" in shown
    assert '<strong class="icase-attention__count">3</strong> Searches' in shown
    assert "“tattoo removal”, “podiatry”" in shown
    assert "last month" not in shown and "reablement" not in shown
    assert "/admin/reports/due-for-review/" in shown and "/admin/reports/search-queries/" in shown


def test_pioneer_editors_see_no_programme_counts():
    user = make_editor("dashboard-kent", "pioneer-editor", "kent")
    SearchQueryLog.objects.create(query="private words", results=0, backend="database")
    assert panel(admin_client_for(user)) == ""


def test_moderators_see_posts_waiting_for_them():
    user = make_editor("dashboard-moderator", "programme-editor")
    call_command("assign_role", user.email, "moderator", stdout=io.StringIO())
    shown = panel(admin_client_for(user))
    assert "Posts waiting for a moderator" in shown
    assert "/community/moderation/" in shown


def test_the_admin_says_icase_not_wagtail():
    page = admin_client_for(make_editor("branding-lead", "programme-editor")).get("/admin/").content.decode()
    assert '<span class="icase-admin-logo">ICASE</span>' in page
    assert "- ICASE admin</title>" in page
    assert "wagtailadmin/images/favicon.ico" not in page
