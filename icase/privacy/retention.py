"""How long ICASE keeps things (the privacy notice says exactly this; the scheduler runs it daily):

- search query logs never hold who searched or their address (search/querylog.py); rows older
  than 13 months are added to monthly counts per query (SearchQueryMonthlyCount) and deleted;
- notifications older than a year are deleted;
- accounts whose email address was never confirmed and that never signed in are deleted 30 days
  after sign-up, through the same erasure as "Delete your account";
- data downloads are deleted, file and all, once their link has expired.

Page-view and download counts are already anonymous (cms/models/analytics.py) and are kept.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from icase.community.models import Notification
from icase.community.personal_data import FORMER_MEMBER_USERNAME
from search.models import SearchQueryLog

from .models import EXPORT_LIFETIME, DataExport, SearchQueryMonthlyCount

SEARCH_LOG_DAYS = 396  # 13 months
NOTIFICATION_DAYS = 365
UNVERIFIED_ACCOUNT_DAYS = 30


@transaction.atomic
def aggregate_old_search_logs(now):
    old = SearchQueryLog.objects.filter(created_at__lt=now - timedelta(days=SEARCH_LOG_DAYS))
    monthly = (
        old.annotate(month=TruncMonth("created_at"))
        .values("month", "query")
        .annotate(searches=Count("pk"), without_results=Count("pk", filter=Q(results=0)))
    )
    for row in monthly:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        counted, created = SearchQueryMonthlyCount.objects.get_or_create(
            month=month,
            query=row["query"],
            defaults={"searches": row["searches"], "without_results": row["without_results"]},
        )
        if not created:
            SearchQueryMonthlyCount.objects.filter(pk=counted.pk).update(
                searches=F("searches") + row["searches"],
                without_results=F("without_results") + row["without_results"],
            )
    deleted, _ = old.delete()
    return deleted


def prune_notifications(now):
    deleted, _ = Notification.objects.filter(created_at__lt=now - timedelta(days=NOTIFICATION_DAYS)).delete()
    return deleted


def unverified_accounts(now):
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    return (
        get_user_model()
        .objects.filter(
            date_joined__lt=now - timedelta(days=UNVERIFIED_ACCOUNT_DAYS), last_login__isnull=True
        )
        .exclude(pk__in=verified)
        .exclude(username=FORMER_MEMBER_USERNAME)
        .exclude(is_staff=True)
        .exclude(is_superuser=True)
    )


def remove_unverified_accounts(now):
    from .services import erase_member

    removed = 0
    for user in unverified_accounts(now):
        erase_member(user, automatic=True, reason="Email address never confirmed within 30 days.")
        removed += 1
    return removed


def remove_expired_exports(now):
    removed = 0
    for export in DataExport.objects.filter(requested_at__lt=now - EXPORT_LIFETIME):
        if export.expires_at <= now:
            if export.file:
                export.file.delete(save=False)
            export.delete()
            removed += 1
    return removed


def apply_retention(now=None):
    """Every rule above, once; returns what each removed."""
    now = now or timezone.now()
    return {
        "search logs aggregated": aggregate_old_search_logs(now),
        "notifications": prune_notifications(now),
        "unverified accounts": remove_unverified_accounts(now),
        "expired downloads": remove_expired_exports(now),
    }
