"""The editors' report of top and zero-result queries (last 30 days), and who may see it."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.contrib.auth.models import Permission, User
from django.utils import timezone

from search.models import SearchQueryLog
from search.reports import query_report

pytestmark = pytest.mark.django_db


def log(query, results, days_ago=0):
    SearchQueryLog.objects.create(
        query=query, results=results, backend="database", created_at=timezone.now() - timedelta(days=days_ago)
    )


def test_report_counts_top_and_zero_result_queries_in_the_last_30_days():
    for _ in range(3):
        log("virtual ward", 7)
    log("telecre", 0)
    log("telecre", 0)
    log("old query", 0, days_ago=40)
    report = query_report()
    assert report["top_queries"][0] == {"query": "virtual ward", "searches": 3, "without_results": 0}
    assert [row["query"] for row in report["zero_result_queries"]] == ["telecre"]
    assert report["total"] == 5


def test_only_permitted_staff_see_the_report(client):
    log("telecre", 0)
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    TOTP.activate(editor, generate_totp_secret())
    client.force_login(editor)
    denied = client.get("/admin/reports/search-queries/")
    assert denied.status_code == 302 and denied["Location"] == "/admin/", (
        "Wagtail sends the editor back to the dashboard"
    )
    editor.user_permissions.add(Permission.objects.get(codename="view_searchquerylog"))
    response = client.get("/admin/reports/search-queries/")
    assert response.status_code == 200
    assert "telecre" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/reports/search-queries/")
    assert response.status_code == 302
    assert response["Location"].startswith(("/admin/login/", "/accounts/login/"))
