"""Members' data downloads, and the audit log of sensitive actions.

The audit log is append-only: rows are only ever created (AuditEvent.save refuses an update,
delete refuses, and the queryset refuses bulk update and delete), the admin lists them read-only,
and on PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE from any client. Its links
to members are plain account numbers (no database constraint, nothing cascades), so erasing a
member leaves the record of what happened and nothing that names them.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils import timezone

EXPORT_LIFETIME = timedelta(days=7)


def private_storage():
    return storages["private"]


def new_token():
    return secrets.token_urlsafe(32)


class DataExport(models.Model):
    """A member's "Download your data" request and, once built, its zip file (private storage)."""

    PENDING, READY, FAILED = "pending", "ready", "failed"
    STATUS_CHOICES = [(PENDING, "Being prepared"), (READY, "Ready"), (FAILED, "Failed")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=PENDING)
    file = models.FileField(storage=private_storage, upload_to="exports/", blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Data export {self.pk} ({self.status})"

    @property
    def expires_at(self):
        return (self.ready_at or self.requested_at) + EXPORT_LIFETIME

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at

    @property
    def is_downloadable(self):
        return self.status == self.READY and bool(self.file) and not self.is_expired


class AppendOnly(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The audit log is append-only.")

    def delete(self):
        raise AppendOnly("The audit log is append-only.")

    def _raw_delete(self, using):
        raise AppendOnly("The audit log is append-only.")


class AuditEvent(models.Model):
    """One sensitive action: who did it, to whom, and what."""

    ROLE_ADDED = "role-added"
    ROLE_REMOVED = "role-removed"
    MODERATION = "moderation"
    EXPORT_REQUESTED = "export-requested"
    EXPORT_DOWNLOADED = "export-downloaded"
    MEMBER_ERASED = "member-erased"
    ADMIN_SIGN_IN = "admin-sign-in"
    ACTION_CHOICES = [
        (ROLE_ADDED, "Role given"),
        (ROLE_REMOVED, "Role taken away"),
        (MODERATION, "Moderation"),
        (EXPORT_REQUESTED, "Data download requested"),
        (EXPORT_DOWNLOADED, "Data downloaded"),
        (MEMBER_ERASED, "Account and personal data deleted"),
        (ADMIN_SIGN_IN, "Editor or staff signed in"),
    ]

    action = models.CharField(max_length=40, choices=ACTION_CHOICES, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="Who acted (empty for the system or a command-line operator).",
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The member the action was about.",
    )
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ("view",)
        permissions = [("erase_member", "Can delete a member's account and personal data on their request")]

    def __str__(self):
        return f"{self.get_action_display()} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The audit log is append-only.")


class SearchQueryMonthlyCount(models.Model):
    """What search query logs become after 13 months (retention.py): how often a query was searched
    in a month, and how often it found nothing. Never who searched."""

    month = models.DateField()
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField()
    without_results = models.PositiveIntegerField()

    class Meta:
        ordering = ["-month", "query"]
        constraints = [
            models.UniqueConstraint(fields=["month", "query"], name="one_count_per_query_per_month")
        ]

    def __str__(self):
        return f"{self.query} in {self.month:%B %Y}: {self.searches}"
