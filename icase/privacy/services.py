"""Members' data rights: asking for a download, and erasing an account and its personal data.

Erasure runs every app's declaration (registry.py) in one transaction: first each app's own
handling (posts to "Former member", stories losing their credit, sessions ended), then rows
declared "delete", then the account, whose deletion takes the "cascade" rows with it and empties
the "unlink" ones. The audit log records it by account number only.
"""

from dataclasses import dataclass

from django.db import transaction

from . import audit
from .models import AuditEvent, DataExport
from .registry import declarations
from .tasks import build_data_export


@dataclass(frozen=True)
class ErasureChoices:
    keep_post_content: bool = True
    keep_story_credit: bool = False


class CannotErase(Exception):
    pass


def request_export(user):
    """Queue a new download (an earlier one still being prepared is reused)."""
    export = DataExport.objects.filter(user=user, status=DataExport.PENDING).first()
    if export is None:
        export = DataExport.objects.create(user=user)
        audit.record(AuditEvent.EXPORT_REQUESTED, subject=user)
        transaction.on_commit(lambda: build_data_export.enqueue(export.pk))
    return export


def latest_export(user):
    return DataExport.objects.filter(user=user).first()


def erase_member(user, choices=ErasureChoices(), *, actor=None, reason="", automatic=False):
    """Delete `user`'s account and personal data. `actor` is the editor acting on a member's
    request (None when the member does it themselves); `automatic` is the retention job's removal
    of never-confirmed accounts; `reason` goes in the audit record."""
    from icase.community.personal_data import FORMER_MEMBER_USERNAME

    if user.username == FORMER_MEMBER_USERNAME:
        raise CannotErase("The former-member placeholder holds erased members' posts; it cannot be erased.")
    if user.is_superuser:
        raise CannotErase("Superusers cannot be erased here: take away superuser status first.")
    account_number = user.pk
    with transaction.atomic():
        for declaration in declarations():
            if callable(declaration.erase):
                declaration.erase(user, choices)
        for declaration in declarations():
            if declaration.erase == "delete":
                declaration.rows_of(user).delete()
        user.delete()
        by = "on the member's request" if actor is not None else "by the member"
        if automatic:
            by, actor = "by the retention job", None
        options = (
            f"posts {'kept' if choices.keep_post_content else 'emptied'}, "
            f"story credit {'kept' if choices.keep_story_credit else 'removed'}"
        )
        audit.record(
            AuditEvent.MEMBER_ERASED,
            actor=actor if actor is not None or automatic else account_number,
            subject=account_number,
            detail=f"Account {account_number} deleted {by} ({options}). {reason}".strip(),
        )
