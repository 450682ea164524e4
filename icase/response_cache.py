"""Whole responses for anonymous visitors, served from the shared page cache until anything they
could show changes (the way high-traffic Wagtail and GOV.UK sites serve their pages).

Keys: the content generation (cms/generation.py, changed by every publish, unpublish, move,
delete, privacy change, snippet or collection edit, and every community write), the scheme, host
and full path with its query string. An edit therefore shows on every page at once, not after a
timeout, and nothing needs to know which pages display what.

Only what cannot be personal is cached. A request is looked up only when it is a GET outside
settings.RESPONSE_CACHE["EXCLUDED_PATHS"] from a visitor with no session and no messages cookie
(signed-in members always have a session); it is never a preview. A response is stored only when it
is a complete 200 for an anonymous user that sets no cookie (so no CSRF token was issued and no
message queued), contains no CSRF form field, says nothing against caching in its own
Cache-Control (`private`, `no-cache`, `no-store`: how other apps opt a response out, e.g. with
`django.views.decorators.cache.never_cache` or `patch_cache_control(response, private=True)`) and
varies on nothing but the cookie.

Headers for a CDN in front: stored responses say `Cache-Control: public, max-age=0` (plus
`s-maxage` when settings.RESPONSE_CACHE["CDN_MAX_AGE"] is set) with an ETag, and `Vary: Cookie`,
so a cache in front revalidates cheaply (304) and never gives a member's cookie-bearing request the
anonymous copy; everything else without its own Cache-Control says `private, no-cache`.
"""

import hashlib
import logging
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, patch_vary_headers

from cms.generation import current_generation, page_cache
from cms.view_counts import record_page_view
from icase.security.csp import is_preview

logger = logging.getLogger(__name__)
CSRF_FIELD = b'name="csrfmiddlewaretoken"'
UNCACHEABLE_DIRECTIVES = {"private", "no-cache", "no-store"}
SKIPPED_HEADERS = {"set-cookie"}


def _config():
    return settings.RESPONSE_CACHE


def may_be_served_from_cache(request):
    """Whether this request could only ever get the anonymous rendering of its URL."""
    if not _config()["ENABLED"] or request.method != "GET" or is_preview(request):
        return False
    if any(request.path.startswith(prefix) for prefix in _config()["EXCLUDED_PATHS"]):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _directives(response):
    header = response.get("Cache-Control", "")
    return {part.split("=")[0].strip().lower() for part in cc_delim_re.split(header) if part.strip()}


def _varies_only_on_cookie(response):
    varies = {part.strip().lower() for part in cc_delim_re.split(response.get("Vary", "")) if part.strip()}
    return varies <= {"cookie"}


def may_be_stored(request, response):
    """Whether this response is the same for every anonymous visitor and safe to hand to them all."""
    user = getattr(request, "user", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and not is_preview(request)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not _directives(response) & UNCACHEABLE_DIRECTIVES
        and get_max_age(response) != 0
        and _varies_only_on_cookie(response)
        and CSRF_FIELD not in response.content
    )


def cache_key(request, generation):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"icase:response:{generation}:{digest}"


def _mark_public(response, etag):
    cdn_max_age = _config()["CDN_MAX_AGE"]
    directives = {"public": True, "max_age": 0}
    if cdn_max_age:
        directives["s_maxage"] = cdn_max_age
    patch_cache_control(response, **directives)
    patch_vary_headers(response, ["Cookie"])
    response["ETag"] = etag


class CachedResponse:
    """What is stored: the status, headers and body (not the response object, which holds the
    request's template context), and the page whose view the hit must count."""

    def __init__(self, response, page_id):
        self.status = response.status_code
        self.headers = [
            (name, value) for name, value in response.items() if name.lower() not in SKIPPED_HEADERS
        ]
        self.content = response.content
        self.page_id = page_id
        self.etag = response["ETag"]

    def response_for(self, request):
        if request.headers.get("If-None-Match") == self.etag:
            response = HttpResponseNotModified()
            for name, value in self.headers:
                if name.lower() in {"cache-control", "vary", "etag"}:
                    response[name] = value
            return response
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


class RecentlyServed:
    """A worker's last few hundred entries, so a hit costs one shared-cache read (the generation)
    rather than two. Keys carry the generation, so an entry here is as current as the shared one."""

    def __init__(self, size=256):
        self.size, self.entries, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


recently_served = RecentlyServed()


class AnonymousResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_be_served_from_cache(request):
            return self._uncached(request)
        cache = page_cache()
        try:
            key = cache_key(request, current_generation())
            cached = recently_served.get(key) or cache.get(key)
        except DisallowedHost:
            raise
        except Exception:  # noqa: BLE001 - a cache outage slows pages down, it must not fail them
            logger.warning("Response cache unavailable: rendering %s", request.path)
            return self._uncached(request)
        if cached is not None:
            recently_served.put(key, cached)
            if cached.page_id is not None:
                record_page_view(request, cached.page_id)
            response = cached.response_for(request)
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if may_be_stored(request, response):
            _mark_public(response, f'"{hashlib.sha256(response.content).hexdigest()[:32]}"')
            entry = CachedResponse(response, getattr(request, "counted_page_id", None))
            try:
                cache.set(key, entry, _config()["TIMEOUT"])
            except Exception:  # noqa: BLE001 - as above
                logger.warning("Response cache unavailable: %s not stored", request.path)
            response["X-Cache"] = "miss"
        else:
            self._mark_private(response)
        return response

    def _uncached(self, request):
        response = self.get_response(request)
        self._mark_private(response)
        return response

    @staticmethod
    def _mark_private(response):
        """Anything not stored here must not be stored by a cache in front either, unless the view
        said otherwise itself."""
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True, no_cache=True)
