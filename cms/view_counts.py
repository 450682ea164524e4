"""Page views and document downloads, counted without a database write per request.

Each worker adds its counts up in memory and hands them as one batch to the shared page cache,
under the current minute, with its first counted request PUSH_SECONDS after the last hand-over
and when it exits; the scheduler (`manage.py run_scheduler`) moves every finished minute's
batches into the daily rows of PageViewCount and DocumentDownloadCount. Pages served from the
response cache count the same way (the cached entry remembers its page), so the editors' reports
see every view, up to one scheduler run late.

Batches are written with `cache.add` into numbered slots, which is atomic on every backend, so
workers never overwrite one another's counts. A worker that is killed loses what it had not handed
over, and a minute the scheduler has not read within BATCH_TIMEOUT is dropped.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .generation import page_cache
from .models import DocumentDownloadCount, PageViewCount

logger = logging.getLogger(__name__)
ROBOTS = ("bot", "crawler", "spider", "slurp", "monitor", "healthcheck")
PUSH_SECONDS = 2
BUCKET_SECONDS = 60
BATCH_TIMEOUT = 3 * 24 * 3600
MAX_SLOTS = 10_000
FLUSHED_KEY = "icase:counts:flushed-through"
MODELS = {"page": (PageViewCount, "page_id"), "document": (DocumentDownloadCount, "document_id")}

_pending = Counter()
_lock = threading.Lock()
_last_push = time.monotonic()


def counts_request(request):
    """Views by people: GET requests from browsers, not robots or monitors."""
    agent = request.headers.get("User-Agent", "").lower()
    return request.method == "GET" and bool(agent) and not any(robot in agent for robot in ROBOTS)


def record_page_view(request, page_id):
    if counts_request(request):
        _record("page", page_id)


def record_document_download(request, document_id):
    if counts_request(request):
        _record("document", document_id)


def _record(kind, target_id):
    global _last_push
    with _lock:
        _pending[(kind, target_id, timezone.localdate().isoformat())] += 1
        due = time.monotonic() - _last_push >= PUSH_SECONDS
    if due:
        push_pending_counts()


def discard_pending_counts():
    """Forget this worker's unpushed counts (tests start from none)."""
    with _lock:
        _pending.clear()


def _bucket(now=None):
    return int((now if now is not None else time.time()) // BUCKET_SECONDS)


def _slot_key(bucket, slot):
    return f"icase:counts:{bucket}:{slot}"


def push_pending_counts():
    """Hand this worker's counts to the shared cache as one batch in the current minute."""
    global _pending, _last_push
    with _lock:
        batch, _pending = _pending, Counter()
        _last_push = time.monotonic()
    if not batch:
        return
    cache, bucket = page_cache(), _bucket()
    try:
        for slot in range(MAX_SLOTS):
            if cache.add(_slot_key(bucket, slot), dict(batch), timeout=BATCH_TIMEOUT):
                return
    except Exception:  # noqa: BLE001 - a count is not worth an error page
        logger.warning("Page views not counted: the cache is unavailable")


atexit.register(push_pending_counts)


def flush_view_counts(now=None):
    """Write the batches of every minute that ended over a minute ago (pushes in flight have
    landed) to the daily counts; returns how many views and downloads were written. A `now` in
    the future (tests) flushes the current minute too."""
    push_pending_counts()
    cache = page_cache()
    last_finished = _bucket(now) - 2
    flushed_through = cache.get(FLUSHED_KEY)
    first = (
        last_finished - BATCH_TIMEOUT // BUCKET_SECONDS if flushed_through is None else flushed_through + 1
    )
    totals = Counter()
    buckets = range(first, last_finished + 1)
    for start in range(0, len(buckets), 500):
        chunk = buckets[start : start + 500]
        with_batches = cache.get_many([_slot_key(bucket, 0) for bucket in chunk])
        for bucket in chunk:
            if _slot_key(bucket, 0) in with_batches:
                totals.update(_take_batches(cache, bucket))
    _write(totals)
    cache.set(FLUSHED_KEY, max(last_finished, flushed_through or last_finished), timeout=None)
    return sum(totals.values())


def _take_batches(cache, bucket):
    totals = Counter()
    for slot in range(MAX_SLOTS):
        key = _slot_key(bucket, slot)
        batch = cache.get(key)
        if batch is None:
            break
        totals.update(batch)
        cache.delete(key)
    return totals


def _write(totals):
    for (kind, target_id, day), count in totals.items():
        model, field = MODELS[kind]
        target = {field: target_id, "day": day}
        exists = model._meta.get_field(field).related_model.objects.filter(pk=target_id).exists
        with transaction.atomic():
            if not model.objects.filter(**target).update(count=F("count") + count) and exists():
                model.objects.create(count=count, **target)  # not for a page deleted meanwhile
