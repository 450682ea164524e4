"""The unread-notifications count in every signed-in page's header, kept in the default cache.

Each member's count is cached under a version token of theirs; every write to their notifications
(created, read, deleted: `NotificationQuerySet` and the model's signals) gives them a new token,
so the next page counts afresh. A page that counted just before a write stores its count under
the old token, where nothing reads it again: the header is never behind a change that has
committed. Without the cache the count is simply read each time.
"""

import logging

from django.core.cache import cache
from django.db import transaction

from cms.generation import new_token, read_through

logger = logging.getLogger(__name__)
TIMEOUT = 24 * 3600


def _version_key(user_id):
    return f"icase:unread-version:{user_id}"


def unread_count(user):
    from .models import Notification

    def current_key():
        version = cache.get(_version_key(user.pk)) or _new_version(user.pk)
        return f"icase:unread:{user.pk}:{version}"

    return read_through(
        cache,
        current_key,
        lambda: Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count(),
        TIMEOUT,
        "the unread count",
    )


def _new_version(user_id):
    version = new_token()
    cache.set(_version_key(user_id), version, timeout=TIMEOUT)
    return version


def _renew(user_ids):
    for user_id in user_ids:
        try:
            _new_version(user_id)
        except Exception:  # noqa: BLE001 - the write must not fail because the cache did
            logger.warning("Could not renew the unread count of member %s", user_id)


def counts_changed(user_ids):
    """Their counts are out of date: now, and again once the surrounding transaction commits
    (a page counting in between would otherwise store the count from before the commit)."""
    user_ids = {user_id for user_id in user_ids if user_id is not None}
    if user_ids:
        _renew(user_ids)
        transaction.on_commit(lambda: _renew(user_ids), robust=True)
