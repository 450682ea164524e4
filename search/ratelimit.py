"""Per-client counters in Django's cache, for limits that are not allauth's.

Production shares the cache between workers (Redis or a database table), so a limit holds across
processes, as allauth's sign-in limits do. Client addresses come from the connection unless
TRUSTED_PROXY_COUNT says how many proxies to trust, exactly as for allauth's limits, so a spoofed
X-Forwarded-For does not buy a fresh allowance.
"""

import ipaddress
import logging
import time

from allauth.account.adapter import get_adapter

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

logger = logging.getLogger(__name__)


def client_address(request):
    """The client's address as allauth's rate limits see it; an IPv6 client is its /64, since one
    home or server holds a whole /64 and could otherwise take a new address per request."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):  # no address, or fewer proxies than trusted
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def within_limit(scope, key, limit, window_seconds=60):
    """Count one event for `key` in the current window; False once more than `limit` were counted.

    A fixed window is enough here: the point is a ceiling, not a smooth rate. A cache that fails
    answers False, so an optional write such as the search log is skipped rather than the request.
    """
    bucket = f"ratelimit:{scope}:{key}:{int(time.time() // window_seconds)}"
    try:
        cache.add(bucket, 0, timeout=window_seconds * 2)
        count = cache.incr(bucket)
    except ValueError:  # the entry expired between add and incr: this is the window's first event
        cache.set(bucket, 1, timeout=window_seconds * 2)
        count = 1
    except Exception:  # noqa: BLE001 - a broken cache must not break the page; healthz reports it
        logger.warning("rate limit cache unavailable for %s", scope, exc_info=True)
        return False
    return count <= limit
