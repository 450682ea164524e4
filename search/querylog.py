"""The log behind the editors' top and zero-result query reports."""

import re

from django.conf import settings

from .models import SearchQueryLog
from .ratelimit import within_limit


def record_query(response, client="unknown"):
    """Log what was searched, for the editors' top and zero-result query reports.

    Sampled so that a script cannot fill the table: in each SEARCH_LOG_LIMITS["WINDOW_SECONDS"]
    each client address (search.ratelimit.client_address) logs at most
    SEARCH_LOG_LIMITS["PER_CLIENT"] searches and the whole site SEARCH_LOG_LIMITS["TOTAL"]. What
    people search for still shows in the report, since a person searches a few times a minute at
    most. A query or filter holding a control character is never logged."""
    request = response.request
    if request.is_browse or request.page != 1:
        return
    typed = [request.query, *(value for values in request.filters.values() for value in values)]
    if any(re.search(r"[\x00-\x1f\x7f-\x9f]", text) for text in typed):
        return
    limits = settings.SEARCH_LOG_LIMITS
    window = limits["WINDOW_SECONDS"]
    if not within_limit("search-log", client, limits["PER_CLIENT"], window):
        return
    if not within_limit("search-log", "everyone", limits["TOTAL"], window):
        return
    SearchQueryLog.objects.create(
        query=(response.respelt_from or request.query).lower()[
            : SearchQueryLog._meta.get_field("query").max_length
        ],
        filters=request.filters,
        results=response.total + len(response.promotions),
        backend=response.backend,
    )
