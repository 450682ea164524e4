"""Personal data held by ICASE's own privacy app and, on their behalf, by the third-party apps
(Django's auth and admin, allauth, Wagtail), which cannot declare it themselves. See registry.py."""

from allauth.usersessions.models import UserSession

from django.db.models import Q


def end_sessions(user, choices):
    """Sign the member out everywhere: each tracked session leaves the session store too."""
    for session in UserSession.objects.filter(user=user):
        session.end()


def forget_log_entries(model_label):
    def erase(user, choices):
        from django.apps import apps

        apps.get_model(model_label).objects.filter(user_id=user.pk).update(user=None)

    return erase


ADMIN_HISTORY_KEPT = (
    "Editing history names the account only by its number, which is emptied; what was changed stays, "
    "since it is the site's record of its own content."
)

PERSONAL_DATA = [
    {
        "model": "auth.User",
        "match": lambda user: Q(pk=user.pk),
        "export": [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "date_joined",
            "last_login",
            "is_active",
        ],
        "erase": "cascade",  # the account itself, deleted last
    },
    {
        "model": "account.EmailAddress",
        "fields": ["user"],
        "export": ["email", "verified", "primary"],
    },
    {
        "model": "mfa.Authenticator",
        "fields": ["user"],
        "export": ["type", "created_at", "last_used_at"],  # never the secrets in `data`
    },
    {
        "model": "usersessions.UserSession",
        "fields": ["user"],
        "export": ["created_at", "last_seen_at", "ip", "user_agent"],
        "erase": end_sessions,
    },
    {
        "model": "admin.LogEntry",
        "fields": ["user"],
        "export": ["action_time", "object_repr", "action_flag", "change_message"],
    },
    {
        "model": "wagtailusers.UserProfile",
        "fields": ["user"],
        "export": ["preferred_language", "current_time_zone", "theme", "contrast", "density"],
    },
    {
        "model": "wagtailadmin.EditingSession",
        "fields": ["user"],
        "export": ["content_type__model", "object_id", "last_seen_at"],
    },
    {
        "model": "wagtailadmin.FormState",
        "fields": ["user"],
        "export": ["content_type__model", "object_id", "last_updated_at", "data"],
    },
    {
        "model": "wagtailcore.APIToken",
        "fields": ["user"],
        "export": ["name", "prefix", "created", "revoked_at", "last_used_at"],
    },
    {
        "model": "wagtailcore.Page",
        "fields": ["owner", "locked_by"],
        "export": ["id", "title", "url_path", "first_published_at", "live"],
        "erase": "unlink",
    },
    {
        "model": "wagtailcore.Revision",
        "fields": ["user"],
        "export": ["object_str", "content_type__model", "object_id", "created_at"],
        "erase": "unlink",
    },
    {
        "model": "wagtailcore.PageLogEntry",
        "fields": ["user"],
        "export": ["label", "action", "timestamp"],
        "erase": forget_log_entries("wagtailcore.PageLogEntry"),
        "why": ADMIN_HISTORY_KEPT,
    },
    {
        "model": "wagtailcore.ModelLogEntry",
        "fields": ["user"],
        "export": ["label", "action", "timestamp"],
        "erase": forget_log_entries("wagtailcore.ModelLogEntry"),
        "why": ADMIN_HISTORY_KEPT,
    },
    {
        "model": "wagtailcore.UploadedFile",
        "fields": ["uploaded_by_user"],
        "export": ["file"],
        "erase": "unlink",
    },
    {
        "model": "wagtailcore.WorkflowState",
        "fields": ["requested_by"],
        "export": ["content_type__model", "object_id", "status", "created_at"],
        "erase": "unlink",
    },
    {
        "model": "wagtailcore.TaskState",
        "fields": ["finished_by"],
        "export": ["status", "finished_at", "comment"],
        "erase": "unlink",
    },
    {
        "model": "wagtailcore.Comment",
        "fields": ["user", "resolved_by"],
        "export": ["page_id", "text", "created_at", "updated_at", "resolved_at"],
        "erase": lambda user, choices: _erase_comments(user),
    },
    {
        "model": "wagtailcore.CommentReply",
        "fields": ["user"],
        "export": ["comment_id", "text", "created_at"],
    },
    {
        "model": "wagtailcore.PageSubscription",
        "fields": ["user"],
        "export": ["page_id", "comment_notifications"],
    },
    {
        "model": "wagtailimages.Image",
        "fields": ["uploaded_by_user"],
        "export": ["title", "file", "created_at"],
        "erase": "unlink",
    },
    {
        "model": "wagtaildocs.Document",
        "fields": ["uploaded_by_user"],
        "export": ["title", "file", "created_at"],
        "erase": "unlink",
    },
    {
        "model": "privacy.DataExport",
        "fields": ["user"],
        "export": ["requested_at", "ready_at", "status"],
        "erase": lambda user, choices: _erase_exports(user),
    },
    {
        "model": "privacy.AuditEvent",
        "fields": ["actor", "subject"],
        "export": ["action", "detail", "created_at"],
        "erase": "keep",
        "why": "The audit log is append-only; it holds only the account number, which names nobody "
        "once the account is deleted.",
    },
]


def _erase_comments(user):
    """Editors' comments the member wrote go (cascade); those they resolved stay, unlinked."""
    from wagtail.models import Comment

    Comment.objects.filter(resolved_by=user).update(resolved_by=None)


def _erase_exports(user):
    """The zip files too, not just their rows."""
    from .models import DataExport

    for export in DataExport.objects.filter(user=user):
        if export.file:
            export.file.delete(save=False)
    DataExport.objects.filter(user=user).delete()
