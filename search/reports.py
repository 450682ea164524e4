"""The editors' search report: what people search for, and what finds nothing."""

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from .models import SearchQueryLog


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
