"""The content generation: one token in the shared cache that changes whenever anything a public
page may show changes, so every cached rendering (whole anonymous responses, the navigation) is
keyed by it and goes out of date at once, in every worker, rather than after a timeout.

Correctness first: every model save, delete and many-to-many change bumps it, apart from the
models listed in settings.CONTENT_GENERATION_IGNORED_MODELS (sessions, counters, logs, queues,
per-member notifications: writes no anonymous page shows). A new app's models therefore invalidate
the cache without doing anything; an app with a busy private model adds it to that setting. Wagtail's
own publishing signals (publish, unpublish, move) bump it too, for the changes they make with
queryset updates. A bump happens at once (so the same transaction and the tests see it) and again
when the transaction commits, so a page rendered from the old data during the transaction cannot
be stored under the new generation.
"""

import contextvars
import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

logger = logging.getLogger(__name__)
CACHE_ALIAS = "pages"
GENERATION_KEY = "icase:content-generation"


def page_cache():
    """The cache that holds renderings (separate from the default cache, whose rate-limit counters
    must not be culled to make room for pages)."""
    return caches[CACHE_ALIAS]


def new_token():
    # Never a value used before, even after the key was evicted or the cache flushed: a reused
    # generation could serve renderings stored before the change.
    return f"{time.time_ns()}-{uuid.uuid4().hex[:8]}"


# The generation as this request first read it (GenerationPerRequestMiddleware): every cached
# read of a request shares one look-up, which with the database cache is a query each time.
_this_request = contextvars.ContextVar("icase_request_generation", default=None)


def current_generation():
    memo = _this_request.get()
    if memo and memo[0] is not None:
        return memo[0]
    cache = page_cache()
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, new_token(), timeout=None)
        token = cache.get(GENERATION_KEY)
    if memo is not None:
        memo[0] = token
    return token


class GenerationPerRequestMiddleware:
    """Reads the content generation once per request. A change the request makes itself starts a
    new generation and forgets the one it read (`_set_new_generation`), so what it renders after
    its own edit is never an older generation's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _this_request.set([None])
        try:
            return self.get_response(request)
        finally:
            _this_request.reset(reset)


def read_through(cache, make_key, read, timeout, what):
    """`read()`, kept in `cache` under `make_key()`. A cache outage costs the read, never the
    answer; `read` must not return None (that is what a miss looks like)."""
    try:
        key = make_key()
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage costs queries, not the page
        return read()
    if value is None:
        value = read()
        try:
            cache.set(key, value, timeout=timeout)
        except Exception:  # noqa: BLE001
            logger.warning("Could not keep %s in the cache", what)
    return value


def read_once_per_generation(name, read, timeout=24 * 3600):
    """`read()`, kept in the page cache until the generation changes: what every page needs and
    only an edit can change (the navigation, the site, the view restrictions). The cache hands
    each request its own copy."""
    return read_through(page_cache(), lambda: f"icase:{name}:{current_generation()}", read, timeout, name)


def once_per_generation_unless_preview(request, name, read):
    """What a page lists that is the same for every visitor (a collection's items, a pioneer's
    case studies), read once per content generation; a preview reads it afresh, since it shows
    the editor's unsaved page."""
    if getattr(request, "is_preview", False):
        return read()
    return read_once_per_generation(name, read)


def _set_new_generation():
    memo = _this_request.get()
    if memo:
        memo[0] = None
    try:
        page_cache().set(GENERATION_KEY, new_token(), timeout=None)
    except Exception:  # noqa: BLE001 - a cache outage (or no cache table yet, during migrate) must not fail a save
        logger.warning("Could not change the content generation: the cache is unavailable")


def bump_content_generation():
    """Make every cached rendering out of date, now and again when the current transaction commits."""
    _set_new_generation()
    transaction.on_commit(_set_new_generation, robust=True)


def _ignored(model):
    # Migrations' historical models (module "__fake__") run before the cache table exists.
    return (
        model.__module__ == "__fake__"
        or model._meta.label_lower in settings.CONTENT_GENERATION_IGNORED_MODELS
    )


@receiver(post_save, dispatch_uid="cms-generation-save")
def _bump_on_save(sender, raw=False, update_fields=None, **kwargs):
    if raw or _ignored(sender):
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in changes no public page
    bump_content_generation()


@receiver(post_delete, dispatch_uid="cms-generation-delete")
@receiver(m2m_changed, dispatch_uid="cms-generation-m2m")
def _bump_on_change(sender, **kwargs):
    if not _ignored(sender):
        bump_content_generation()


@receiver(page_published, dispatch_uid="cms-generation-published")
@receiver(page_unpublished, dispatch_uid="cms-generation-unpublished")
@receiver(post_page_move, dispatch_uid="cms-generation-moved")
@receiver(published, dispatch_uid="cms-generation-snippet-published")
@receiver(unpublished, dispatch_uid="cms-generation-snippet-unpublished")
def _bump_on_publishing(sender, **kwargs):
    bump_content_generation()
