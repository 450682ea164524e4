"""The barriers register: what gets in the way of integration, raised by pioneers, reviewed and
escalated by the programme to a national partner, and followed until it is resolved.

A barrier's status only changes through `services.change_status`, which writes a `BarrierEvent`
with the reason and the date it happened; the history shown on the page is those events. The
full record is for programme members; the public title and summary are what anyone else sees,
and only once a programme editor has approved them (visibility.barrier_filter).
"""

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from icase.community import visibility
from icase.privacy.models import private_storage

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
    DOCUMENT = "document"
    KIND_CHOICES = [
        (RAISED, "Raised"),
        (STATUS, "Status changed"),
        (AFFECTED, "Affects another pioneer"),
        (UPDATE, "Progress update"),
        (SUMMARY, "Public summary"),
        (DOCUMENT, "Evidence document"),
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


class BarrierFollow(models.Model):
    """A member following a barrier: told on the site (and by email, as they chose for
    notifications) when its status changes, a progress update or another pioneer is added, or its
    public summary is published."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="barrier_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["barrier", "user"], name="exchange_follow_once")]

    def __str__(self):
        return f"{self.user} follows {self.barrier}"


class BarrierListFollow(models.Model):
    """A member following a filtered barriers list ("national barriers on information
    governance"): told of each barrier that is raised into it or moves into it, and of every change
    to a barrier in it, as if they followed each one. `filters` holds the list's valid filters
    (BarrierFilterForm's names and values, the sort left out); `key` makes one follow per list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="barrier_list_follows"
    )
    filters = models.JSONField(default=dict, blank=True)
    label = models.CharField(max_length=300, help_text="The list, in words, as pages and emails say it.")
    key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="exchange_list_follow_once")]

    def __str__(self):
        return f"{self.user} follows {self.label}"

    def get_absolute_url(self):
        listing = reverse("exchange:barriers")
        return f"{listing}?{urlencode(self.filters)}" if self.filters else listing


def evidence_file_name(instance, filename):
    """A random stored name with the checked extension: nothing the uploader typed reaches a path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"barrier-evidence/{secrets.token_hex(16)}.{extension}"


class BarrierDocument(models.Model):
    """A document given as evidence for a barrier. It is part of the full record, so it lives in
    private storage and is served only through the register (views check the visibility rule),
    never from a public media URL."""

    barrier = models.ForeignKey(Barrier, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(storage=private_storage, upload_to=evidence_file_name, max_length=200)
    file_name = models.CharField(max_length=255, help_text="The name it had when uploaded, for downloads.")
    file_size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:evidence_document", args=[self.barrier_id, self.pk])

    @property
    def extension(self):
        return self.file_name.rsplit(".", 1)[-1].upper() if "." in self.file_name else ""


def _delete_stored_file(sender, instance, **kwargs):
    """The stored bytes go once the row is gone (and only if the deletion commits)."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


models.signals.post_delete.connect(_delete_stored_file, sender=BarrierDocument)


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


# Pioneer progress: objectives and quarterly traffic-light reports ---------------------------------


class Objective(models.Model):
    """One thing a pioneer set out to change, under the enabler theme it belongs to. Written by the
    pioneer's editors (the sources publish no pioneer's objectives, so none are seeded)."""

    pioneer = models.ForeignKey(
        "cms.PioneerProfilePage", on_delete=models.CASCADE, related_name="objective_set"
    )
    title = models.CharField(max_length=200)
    theme = models.ForeignKey("cms.Theme", on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.title


class ProgressReport(models.Model):
    """A pioneer's report for one quarter; shown to anyone only once a programme editor approves it."""

    SUBMITTED, APPROVED, CHANGES = "submitted", "approved", "changes-requested"
    STATE_CHOICES = [(SUBMITTED, "Awaiting review"), (APPROVED, "Approved"), (CHANGES, "Changes requested")]

    pioneer = models.ForeignKey(
        "cms.PioneerProfilePage", on_delete=models.CASCADE, related_name="progress_reports"
    )
    quarter = models.DateField(help_text="The first day of the quarter reported on.")
    state = models.CharField(max_length=20, choices=STATE_CHOICES, default=SUBMITTED, db_index=True)
    support_needed = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-quarter", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["pioneer", "quarter"], name="exchange_one_report_per_quarter")
        ]

    def __str__(self):
        return f"{self.pioneer}: {self.quarter_label}"

    @property
    def quarter_label(self):
        """E.g. "Q2 2015 (April to June)": calendar quarters, as the reports are filed."""
        number = (self.quarter.month - 1) // 3 + 1
        months = ["January to March", "April to June", "July to September", "October to December"]
        return f"Q{number} {self.quarter.year} ({months[number - 1]})"

    @property
    def short_label(self):
        return f"Q{(self.quarter.month - 1) // 3 + 1} {self.quarter.year}"


class ObjectiveStatus(models.Model):
    """Per objective in a report: a traffic-light rating, always shown with its words."""

    GREEN, AMBER, RED = "green", "amber", "red"
    RATING_CHOICES = [(GREEN, "Green: on track"), (AMBER, "Amber: some problems"), (RED, "Red: off track")]

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="statuses")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="statuses")
    rating = models.CharField(max_length=10, choices=RATING_CHOICES)
    narrative = models.TextField()
    helped = models.TextField("What helped", blank=True)
    got_in_the_way = models.TextField("What got in the way", blank=True)
    barriers = models.ManyToManyField(Barrier, blank=True, related_name="+")

    class Meta:
        ordering = ["objective__sort_order", "objective_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "objective"], name="exchange_one_status_per_objective")
        ]

    def __str__(self):
        return f"{self.objective}: {self.get_rating_display()}"


# Support requests ("what particular support is needed") -------------------------------------------


class SupportRequest(models.Model):
    """A member's or pioneer's request for support on a theme, routed to that theme's experts and
    the programme editors; seen only by the requester, those experts and programme editors."""

    NEW, ASSIGNED, ANSWERED, CLOSED, PASSED = "new", "assigned", "answered", "closed", "passed"
    STATUS_CHOICES = [
        (NEW, "New"),
        (ASSIGNED, "Assigned"),
        (ANSWERED, "Answered"),
        (CLOSED, "Closed"),
        (PASSED, "Passed to the barriers register"),
    ]
    RATING_CHOICES = [
        (5, "Very helpful"),
        (4, "Helpful"),
        (3, "Partly helpful"),
        (2, "Not very helpful"),
        (1, "Not helpful"),
    ]

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_requests"
    )
    theme = models.ForeignKey("cms.Theme", on_delete=models.PROTECT, related_name="+")
    need = models.TextField("What you need")
    needed_by = models.DateField("By when", null=True, blank=True)
    about_you = models.CharField("Who you are", max_length=300)
    pioneer = models.ForeignKey(
        "cms.PioneerProfilePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, default=NEW, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(blank=True)
    barrier = models.ForeignKey(
        Barrier, null=True, blank=True, on_delete=models.SET_NULL, related_name="support_requests"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=RATING_CHOICES)
    created_at = models.DateTimeField(default=timezone.now)
    first_answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Support with {self.theme}: {self.need[:60]}"

    def get_absolute_url(self):
        return reverse("exchange:support_request", args=[self.pk])


class SupportReply(models.Model):
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Reply to {self.request_id}"
