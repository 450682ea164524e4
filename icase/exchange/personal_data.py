"""The exchange's personal data, for members' downloads and erasure (icase/privacy/registry.py).

Barriers, their history, progress updates and pioneers' progress reports are the programme's
record of what gets in the way, not the member's: erasure keeps them and removes the link to the
member (they show no name). Which barriers and lists a member follows is theirs and goes with the
account; documents they gave as evidence are the programme's and stay, unlinked.
Support requests are the member's own questions and go with the
account; answers given to others stay, without their author.
"""

from .models import SupportRequest


def _erase_support_requests(user, choices):
    """The member's own requests go with the account (the requester link cascades); requests they
    were answering stay for their requesters, with nobody assigned."""
    SupportRequest.objects.filter(assignee=user).update(assignee=None)


PERSONAL_DATA = [
    {
        "model": "exchange.Barrier",
        "fields": ["raised_by"],
        "export": ["title", "status", "level", "created_at"],
        "erase": "unlink",
    },
    {
        "model": "exchange.BarrierEvent",
        "fields": ["actor"],
        "export": ["barrier__title", "kind", "to_status", "reason", "happened_on"],
        "erase": "unlink",
    },
    {
        "model": "exchange.AffectedPioneer",
        "fields": ["added_by"],
        "export": ["barrier__title", "pioneer__title", "note", "added_at"],
        "erase": "unlink",
    },
    {
        "model": "exchange.BarrierFollow",
        "fields": ["user"],
        "export": ["barrier__title", "created_at"],
    },
    {
        "model": "exchange.BarrierListFollow",
        "fields": ["user"],
        "export": ["label", "created_at"],
    },
    {
        "model": "exchange.BarrierDocument",
        "fields": ["uploaded_by"],
        "export": ["barrier__title", "title", "file_name", "uploaded_at"],
        "erase": "unlink",
    },
    {
        "model": "exchange.ProgressUpdate",
        "fields": ["author"],
        "export": ["barrier__title", "confidence", "narrative", "created_at"],
        "erase": "unlink",
    },
    {
        "model": "exchange.ProgressReport",
        "fields": ["submitted_by", "reviewed_by"],
        "export": ["pioneer__title", "quarter", "state", "submitted_at"],
        "erase": "unlink",
    },
    {
        "model": "exchange.SupportRequest",
        "fields": ["requester", "assignee"],
        "export": ["theme__name", "need", "needed_by", "status", "outcome", "rating", "created_at"],
        "erase": _erase_support_requests,
    },
    {
        "model": "exchange.SupportReply",
        "fields": ["author"],
        "export": ["request__need", "body", "created_at"],
        "erase": "unlink",
    },
]
