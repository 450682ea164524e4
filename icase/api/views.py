"""The open content API: read-only JSON for every content type, and its OpenAPI description.

A small Django view rather than Wagtail's API v2 or Django REST framework: neither is a direct
dependency, and five read-only lists need filtering, pagination and a rate limit, nothing more.
Only live, public pages are served (serializers.queryset_for), to everyone alike, so the answer
never depends on who asks. Each client address may make API_RATE_LIMIT requests a minute
(search/ratelimit.py, the shared cache); beyond that it gets 429 with Retry-After.
"""

import math
from datetime import datetime

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from search.ratelimit import client_address, within_limit

from .openapi import describe
from .serializers import TYPES, queryset_for

API_RATE_LIMIT = 60
PAGE_SIZE, MAX_PAGE_SIZE = 20, 100


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


def _rate_limited(request):
    return not within_limit("api", client_address(request), API_RATE_LIMIT)


def _whole_number(value, default, lowest, highest):
    value = str(value or "")
    if not value:
        return default
    if not value.isdigit() or len(value) > 6:
        raise ValueError
    return max(lowest, min(int(value), highest))


@require_GET
def pages(request):
    if _rate_limited(request):
        response = _error("Too many requests: at most 60 a minute.", 429)
        response["Retry-After"] = "60"
        return response
    type_name = request.GET.get("type", "")
    if type_name not in TYPES:
        return _error(f"Give type, one of: {', '.join(TYPES)}.", 400)
    try:
        number = _whole_number(request.GET.get("page"), 1, 1, 10_000)
        size = _whole_number(request.GET.get("page_size"), PAGE_SIZE, 1, MAX_PAGE_SIZE)
    except ValueError:
        return _error("page and page_size must be whole numbers.", 400)
    queryset = queryset_for(type_name)
    themes = [value[:80] for value in request.GET.getlist("theme") if value][:20]
    if themes:
        queryset = queryset.filter(themes__slug__in=themes).distinct()
    pioneer_lookup = TYPES[type_name][3]
    pioneers = [value[:80] for value in request.GET.getlist("pioneer") if value][:20]
    if pioneers:
        if pioneer_lookup is None:
            return _error(f"{type_name} has no pioneer filter.", 400)
        queryset = queryset.filter(**{f"{pioneer_lookup}__in": pioneers})
    since = request.GET.get("published_since", "")
    if since:
        try:
            moment = datetime.fromisoformat(since[:40])
        except ValueError:
            return _error("published_since must be an ISO 8601 date or date and time.", 400)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        queryset = queryset.filter(first_published_at__gte=moment)
    count = queryset.count()
    pages_total = max(1, math.ceil(count / size))
    start = (number - 1) * size
    serialise = TYPES[type_name][1]
    params = request.GET.copy()

    def link(page_number):
        params["page"] = page_number
        return f"{request.path}?{params.urlencode()}"

    return JsonResponse(
        {
            "count": count,
            "page": number,
            "pages": pages_total,
            "next": link(number + 1) if number < pages_total else None,
            "previous": link(number - 1) if 1 < number <= pages_total else None,
            "results": [serialise(page) for page in queryset[start : start + size]],
        }
    )


@require_GET
def openapi(request):
    return JsonResponse(describe(), json_dumps_params={"indent": 2})
