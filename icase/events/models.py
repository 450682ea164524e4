"""Members' places at learning events: booked, waiting, offered, cancelled or attended.

One row per member per event (a database constraint), so booking twice is impossible whatever the
timing; a member who cancels and books again reuses their row. The capacity lives on the event page
(cms.LearningEventPage); services.py counts places under a lock on that page's row.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def joining_link_visible(event, now=None):
    """Registered attendees see the joining link from the organiser's set time before the start
    until the event ends; before that the page says when it will appear."""
    now = now or timezone.now()
    if not (event.joining_link and event.is_scheduled):
        return False
    shows_from = event.start - timedelta(minutes=event.joining_link_shown_minutes_before)
    return shows_from <= now <= event.end


class RegistrationQuerySet(models.QuerySet):
    def holding_places(self, now=None):
        """Registrations that take a place: booked, attended, or an offer still open."""
        now = now or timezone.now()
        return self.filter(
            Q(status__in=[Registration.REGISTERED, Registration.ATTENDED])
            | Q(status=Registration.OFFERED, offer_expires_at__gt=now)
        )

    def booked(self):
        return self.filter(status__in=[Registration.REGISTERED, Registration.ATTENDED])

    def waiting(self):
        return self.filter(status=Registration.WAITLISTED).order_by("queued_at", "pk")

    def active(self):
        return self.exclude(status=Registration.CANCELLED)


class Registration(models.Model):
    REGISTERED, WAITLISTED, OFFERED, CANCELLED, ATTENDED = (
        "registered",
        "waitlisted",
        "offered",
        "cancelled",
        "attended",
    )
    STATUS_CHOICES = [
        (REGISTERED, "Registered"),
        (WAITLISTED, "On the waiting list"),
        (OFFERED, "Offered a place"),
        (CANCELLED, "Cancelled"),
        (ATTENDED, "Attended"),
    ]

    event = models.ForeignKey("cms.LearningEventPage", on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=20, choices=STATUS_CHOICES)
    access_needs = models.TextField(blank=True, max_length=1000)
    dietary_requirements = models.TextField(blank=True, max_length=500)
    questions = models.TextField("Questions for the speakers", blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(default=timezone.now, help_text="When they joined the waiting list.")
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    day_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    hour_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_member")]
        indexes = [models.Index(fields=["status", "offer_expires_at"])]
        permissions = [("organise_events", "Can organise every learning event")]

    def __str__(self):
        return f"{self.user} at {self.event_id}: {self.status}"

    @property
    def holds_place(self):
        return self.status in (self.REGISTERED, self.ATTENDED)


def new_calendar_key():
    return secrets.token_urlsafe(24)


class CalendarKey(models.Model):
    """The secret in a member's personal calendar feed address; resetting it makes a new one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_key"
    )
    key = models.CharField(max_length=64, unique=True, default=new_calendar_key)

    def __str__(self):
        return f"Calendar key of {self.user}"


class EventSettings(models.Model):
    """A member's choice to list the events they attended on their member page (off unless they
    opt in: which events someone went to is theirs to share)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_settings"
    )
    list_attended = models.BooleanField("List the events I attended on my member page", default=False)

    class Meta:
        verbose_name_plural = "event settings"

    def __str__(self):
        return f"Event settings of {self.user}"


class EventQuestions(models.Model):
    """The event's Q&A thread in the community (see questions.py)."""

    event = models.OneToOneField("cms.LearningEventPage", on_delete=models.CASCADE, related_name="questions")
    thread = models.OneToOneField("community.Thread", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name_plural = "event questions"

    def __str__(self):
        return f"Questions about event {self.event_id}"
