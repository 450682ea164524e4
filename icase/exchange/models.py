"""The barriers register: what gets in the way of integration, raised by pioneers, reviewed and
escalated by the programme to a national partner, and followed until it is resolved.

A barrier's status only changes through `services.change_status`, which writes a `BarrierEvent`
with the reason and the date it happened; the history shown on the page is those events. The
full record is for programme members; the public title and summary are what anyone else sees,
and only once a programme editor has approved them (visibility.barrier_filter).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from icase.community import visibility

from .partners import PARTNER_CHOICES
from .querysets import BarrierQuerySet


class Barrier(models.Model):
    RAISED, UNDER_REVIEW, ESCALATED, BEING_RESOLVED = "raised", "under-review", "escalated", "being-resolved"
    RESOLVED_FULL, RESOLVED_PART, NOT_RESOLVABLE = "resolved-full", "resolved-part", "not-resolvable"
    DORMANT = "dormant"
    STATUS_CHOICES = [
        (RAISED, "Raised"),
        (UNDER_REVIEW, "Under review"),
        (ESCALATED, "Escalated to a partner"),
        (BEING_RESOLVED, "Being resolved"),
        (RESOLVED_FULL, "Resolved in full"),
        (RESOLVED_PART, "Resolved in part"),
        (NOT_RESOLVABLE, "Not resolvable"),
        (DORMANT, "Dormant"),
    ]
    # The steps in order; a barrier moves one step at a time unless a skip is explained.
    STAGES = [RAISED, UNDER_REVIEW, ESCALATED, BEING_RESOLVED]
    CLOSED = [RESOLVED_FULL, RESOLVED_PART, NOT_RESOLVABLE]
    OPEN = STAGES + [DORMANT]

    LOCAL, NATIONAL = "local", "national"
    LEVEL_CHOICES = [(LOCAL, "Local"), (NATIONAL, "National")]

    ON_TRACK, AT_RISK, OFF_TRACK = "on-track", "at-risk", "off-track"
    CONFIDENCE_CHOICES = [(ON_TRACK, "On track"), (AT_RISK, "At risk"), (OFF_TRACK, "Off track")]

    SUMMARY_NONE, SUMMARY_READY = "none", "ready"
    SUMMARY_APPROVED = visibility.BARRIER_SUMMARY_APPROVED
    SUMMARY_CHOICES = [
        (SUMMARY_NONE, "Not written"),
        (SUMMARY_READY, "Ready to publish"),
        (SUMMARY_APPROVED, "Published"),
    ]

    title = models.CharField(max_length=200)
    description = models.TextField("What gets in the way")
    effect_on_people = models.TextField("Its effect on people")
    level = models.CharField(max_length=20, choices=LEVEL_CHOICES)
    theme = models.ForeignKey("cms.Theme", on_delete=models.PROTECT, related_name="barriers")
    rule_or_body = models.CharField("The rule, body or system involved", max_length=300)
    partner = models.CharField(
        "National partner best placed to act", max_length=30, choices=PARTNER_CHOICES, blank=True
    )
    pioneer = models.ForeignKey(
        "cms.PioneerProfilePage", on_delete=models.PROTECT, related_name="barriers_raised"
    )
    evidence = models.TextField(blank=True, help_text="Links to documents, case studies and threads.")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="barriers_raised"
    )
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=RAISED, db_index=True)
    status_since = models.DateField(default=timezone.localdate)
    escalated_to = models.CharField(max_length=30, choices=PARTNER_CHOICES, blank=True)
    confidence = models.CharField(
        "Delivery confidence", max_length=20, choices=CONFIDENCE_CHOICES, blank=True
    )  # the latest progress update's, for filters
    next_update_due = models.DateField(null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True)  # the due date the last reminder was for
    public_title = models.CharField(max_length=200, blank=True)
    public_summary = models.TextField(blank=True)
    public_summary_state = models.CharField(
        max_length=20, choices=SUMMARY_CHOICES, default=SUMMARY_NONE, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)

    objects = BarrierQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:barrier", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.STAGES

    @property
    def is_closed(self):
        return self.status in self.CLOSED

    @property
    def evidence_links(self):
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class BarrierEvent(models.Model):
    """One line of a barrier's history: a status change (with its reason and the date it
    happened), a pioneer joining, a progress update or a change to the public summary."""

    STATUS, AFFECTED, UPDATE, SUMMARY, RAISED = "status", "affected", "update", "summary", "raised"
    KIND_CHOICES = [
        (RAISED, "Raised"),
        (STATUS, "Status changed"),
        (AFFECTED, "Affects another pioneer"),
        (UPDATE, "Progress update"),
        (SUMMARY, "Public summary"),
    ]

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    from_status = models.CharField(max_length=20, choices=Barrier.STATUS_CHOICES, blank=True)
    to_status = models.CharField(max_length=20, choices=Barrier.STATUS_CHOICES, blank=True)
    reason = models.TextField()
    skip_reason = models.TextField(blank=True)
    happened_on = models.DateField(default=timezone.localdate)
    recorded_at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self):
        return f"{self.barrier}: {self.get_kind_display()}"


class AffectedPioneer(models.Model):
    """ "This affects us too": another pioneer meets the same barrier."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="affected")
    pioneer = models.ForeignKey("cms.PioneerProfilePage", on_delete=models.CASCADE, related_name="+")
    note = models.TextField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["barrier", "pioneer"], name="exchange_affected_once_per_pioneer")
        ]

    def __str__(self):
        return f"{self.pioneer} on {self.barrier}"


class ProgressUpdate(models.Model):
    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="updates")
    confidence = models.CharField("Delivery confidence", max_length=20, choices=Barrier.CONFIDENCE_CHOICES)
    narrative = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.barrier}: {self.get_confidence_display()}"
