"""What a member has read: the last time they opened each thread, which thread lists compare with
the thread's latest activity to mark new threads and new replies."""

from django.utils import timezone

from . import visibility
from .models import ThreadVisit


def record_visit(user, thread):
    """One upsert per thread view, so reading a thread never costs more than one write."""
    if not visibility.is_signed_in(user):
        return
    ThreadVisit.objects.bulk_create(
        [ThreadVisit(user=user, thread=thread, last_seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "thread"],
        update_fields=["last_seen_at"],
    )
