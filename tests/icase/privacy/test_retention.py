"""The retention rules the privacy notice states, run by the scheduler every day."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from icase.community.models import Notification
from icase.privacy.models import AuditEvent, DataExport, SearchQueryMonthlyCount
from icase.privacy.retention import apply_retention
from icase.privacy.tasks import apply_retention_rules
from search.models import SearchQueryLog
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def test_search_logs_older_than_13_months_become_monthly_counts():
    now = timezone.now()
    old = now - timedelta(days=400)
    for results in (3, 0, 0):
        SearchQueryLog.objects.create(query="discharge", results=results, backend="database", created_at=old)
    recent = SearchQueryLog.objects.create(query="discharge", results=2, backend="database", created_at=now)
    assert {field.name for field in SearchQueryLog._meta.fields} == {
        "id",
        "query",
        "filters",
        "results",
        "backend",
        "created_at",
    }  # nobody's account or address, ever
    removed = apply_retention(now)
    assert removed["search logs aggregated"] == 3
    assert list(SearchQueryLog.objects.values_list("pk", flat=True)) == [recent.pk]
    count = SearchQueryMonthlyCount.objects.get()
    assert (count.query, count.searches, count.without_results) == ("discharge", 3, 2)
    assert count.month.day == 1


def test_notifications_older_than_a_year_go():
    member = make_member("noticed")
    now = timezone.now()
    kept = Notification.objects.create(user=member, kind="reply", message="new", url="/", created_at=now)
    Notification.objects.create(
        user=member, kind="reply", message="old", url="/", created_at=now - timedelta(days=366)
    )
    apply_retention(now)
    assert list(Notification.objects.filter(user=member)) == [kept]


def test_accounts_never_confirmed_go_after_30_days():
    users = get_user_model().objects
    now = timezone.now()
    stale = users.create_user("stale", "stale@example.org", "x-long-password-1")
    users.filter(pk=stale.pk).update(date_joined=now - timedelta(days=31))
    EmailAddress.objects.create(user=stale, email=stale.email, verified=False, primary=True)
    fresh = users.create_user("fresh", "fresh@example.org", "x-long-password-1")
    EmailAddress.objects.create(user=fresh, email=fresh.email, verified=False, primary=True)
    confirmed = make_member("confirmed")
    users.filter(pk=confirmed.pk).update(date_joined=now - timedelta(days=400))
    assert apply_retention(now)["unverified accounts"] == 1
    assert not users.filter(pk=stale.pk).exists()
    assert users.filter(pk__in=[fresh.pk, confirmed.pk]).count() == 2
    event = AuditEvent.objects.get(action=AuditEvent.MEMBER_ERASED, subject_id=stale.pk)
    assert event.actor_id is None and "retention job" in event.detail


def test_expired_downloads_go_with_their_files(django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(make_member("downloader"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/your-data/download/")
    export = DataExport.objects.get()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    apply_retention(export.ready_at + timedelta(days=8))
    assert not DataExport.objects.exists() and not storage.exists(name)


def test_the_scheduler_task_runs_them_and_the_privacy_notice_says_so():
    apply_retention_rules.enqueue()
    notice = Client().get("/privacy/").content.decode()
    for promise in ("13 months", "monthly counts", "after a year", "30 days after sign-up", "7 days"):
        assert promise in notice
