"""Subscriptions: "tell me when something new appears here", and what has been told.

One model for everything a member can follow for new things: a theme, a pioneer, a content type
and any search are all a saved search (query and the search page's filters: theme=…, pioneer=…,
type=…), so one matching rule serves them all and "the same query code as the search page" holds
by construction; a network is a subscription to its category, for new threads.

Why not a second kind of follow beside the community's: `community.Follow` already means "follow
this conversation" (replies in a thread, new threads in a category or theme) and feeds the on-site
notifications and their emails. That stays the single source for discussion activity. The bridge:
the "Your subscriptions" page lists a member's community follows beside their subscriptions, and
matching a new thread skips members who already hear about it through a community follow of its
category or theme, so nobody is told twice about one thread.

Unsubscribing ends a subscription (`ended_at`) instead of deleting it, so the one-click link in an
old email still says what the member left, however often it is followed.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone


class SubscriptionQuerySet(models.QuerySet):
    def current(self):
        """Not ended (paused ones included): what the subscriptions page lists."""
        return self.filter(ended_at__isnull=True)

    def active(self):
        """Current, not paused, of an active account: what new items are matched against."""
        return self.current().filter(paused=False, user__is_active=True)


class Subscription(models.Model):
    IMMEDIATELY, DAILY, WEEKLY = "immediately", "daily", "weekly"
    FREQUENCY_CHOICES = [
        (IMMEDIATELY, "Straight away, one email for each new item"),
        (DAILY, "Daily digest, one email a day"),
        (WEEKLY, "Weekly digest, one email a week"),
    ]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="subscriptions")
    label = models.CharField(max_length=300, help_text="What the member follows, as pages and emails say it.")
    url = models.CharField(max_length=1000, help_text="Where what they follow is listed on the site.")
    query = models.CharField(max_length=200, blank=True)
    filters = models.JSONField(default=dict, blank=True, help_text="Search filters: parameter -> values.")
    category = models.ForeignKey(
        "community.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=64, editable=False, help_text="The same follow gives the same key.")
    frequency = models.CharField(max_length=20, choices=FREQUENCY_CHOICES, default=DAILY)
    paused = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=models.Q(ended_at__isnull=True),
                name="one_current_per_follow",
            )
        ]

    FREQUENCY_PHRASES = {
        IMMEDIATELY: "an email straight away for each new item",
        DAILY: "a daily digest email",
        WEEKLY: "a weekly digest email",
    }

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        self.key = self.key_for(self.query, self.filters, self.category_id)
        super().save(*args, **kwargs)
        SubscriptionFilter.objects.filter(subscription=self).delete()
        SubscriptionFilter.objects.bulk_create(
            SubscriptionFilter(subscription=self, param=param, value=value)
            for param, values in self.filters.items()
            for value in values
        )

    @property
    def frequency_phrase(self):
        return self.FREQUENCY_PHRASES[self.frequency]

    @staticmethod
    def key_for(query, filters, category_id):
        canonical = json.dumps(
            [query.lower(), {k: sorted(v) for k, v in sorted(filters.items())}, category_id], sort_keys=True
        )
        return hashlib.sha256(canonical.encode()).hexdigest()


class SubscriptionFilter(models.Model):
    """One filter value of a subscription, as a row, so matching finds the subscriptions whose
    filters a new item meets with one query instead of reading every subscription."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="filter_values")
    param = models.CharField(max_length=40)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["param", "value"])]

    def __str__(self):
        return f"{self.param}={self.value}"


class Alert(models.Model):
    """One new item matched to one subscription, waiting for (or recorded as) its email. The
    unique key makes matching idempotent: a page published again is not news again."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="alerts")
    item_key = models.CharField(max_length=40, help_text="The search document id: page-12, thread-3.")
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    thread = models.ForeignKey(
        "community.Thread", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=1000)
    type_label = models.CharField(max_length=60)
    matched_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["matched_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "item_key"], name="one_alert_per_item")
        ]

    def __str__(self):
        return f"{self.title} for {self.subscription}"


class DigestDelivery(models.Model):
    """One digest email per member per period: recorded in the transaction that marks its alerts
    sent, so a repeated or resumed run neither sends it again nor leaves anyone out."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=20, choices=Subscription.FREQUENCY_CHOICES)
    period = models.DateField(help_text="The day (daily) or the Monday (weekly) the digest covers.")
    item_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "frequency", "period"], name="one_digest_per_period")
        ]

    def __str__(self):
        return f"{self.frequency} digest for {self.user} ({self.period})"
