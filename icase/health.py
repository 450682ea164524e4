"""/healthz for load balancers and uptime checks (R5).

The database and the cache must work for ICASE to serve pages, so either failing makes the check
fail (503). Elasticsearch being down only degrades search to the database fallback, so it is
reported as "degraded" and the check still passes.
"""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search import backend


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = f"healthz-{uuid.uuid4().hex}"
    cache.set(key, "1", 5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


def _check(probe):
    try:
        probe()
    except Exception as error:  # any failure is the answer, not an error page
        return f"failing: {type(error).__name__}"
    return "ok"


def _search():
    if not backend.elasticsearch_url():
        return "database backend"
    try:
        backend.call(lambda client: client.cluster.health(timeout="1s"))
    except backend.SearchUnavailable:
        return "degraded: using the database fallback"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _check(_database), "cache": _check(_cache), "search": _search()}
    failing = any(checks[name] != "ok" for name in ("database", "cache"))
    degraded = checks["search"].startswith("degraded")
    status = "failing" if failing else "degraded" if degraded else "ok"
    return JsonResponse({"status": status, "checks": checks}, status=503 if failing else 200)
