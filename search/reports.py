"""The editors' search report: what people search for, and what finds nothing."""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from .models import SearchQueryLog

POPULAR_DAYS = 90  # best bets answer lasting needs: what was searched over a season
POPULAR_LIMIT = 200


def query_report(days=30, limit=50):
    since = timezone.now() - timedelta(days=days)
    logs = SearchQueryLog.objects.filter(created_at__gte=since)
    top = (
        logs.values("query")
        .annotate(searches=Count("id"), without_results=Count("id", filter=Q(results=0)))
        .order_by("-searches", "query")[:limit]
    )
    zero = (
        logs.filter(results=0)
        .values("query")
        .annotate(searches=Count("id"), last_searched=Max("created_at"))
        .order_by("-searches", "query")[:limit]
    )
    return {"days": days, "total": logs.count(), "top_queries": list(top), "zero_result_queries": list(zero)}


def popular_terms(days=POPULAR_DAYS, containing="", limit=POPULAR_LIMIT):
    """The most searched queries of the last `days`, most searched first, for choosing best bets."""
    since = timezone.now() - timedelta(days=days)
    logs = SearchQueryLog.objects.filter(created_at__gte=since)
    if containing:
        logs = logs.filter(query__icontains=containing.strip().lower())
    return logs.values("query").annotate(searches=Count("id")).order_by("-searches", "query")[:limit]
