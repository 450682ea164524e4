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
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PreviewableMixin

from cms.panels import ChosenPageInlinePanel


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


class BulletinQuerySet(models.QuerySet):
    def sent(self):
        """Bulletins whose sending has started: the public archive, newest first."""
        return self.filter(sent_at__isnull=False).order_by("-sent_at", "-pk")


class Bulletin(PreviewableMixin, ClusterableModel):
    """The editors' bulletin: an introduction and an ordered pick of recent content, composed in
    the admin and sent once to every member who opted in (BulletinOptIn). Once sending starts it
    is part of the public archive and can no longer be edited (the policy in wagtail_hooks.py), so
    the archive says what members were sent."""

    title = models.CharField(max_length=200, help_text="The email's subject and the archive's heading.")
    intro = RichTextField(features=["bold", "italic", "link", "ol", "ul"])
    covers_from = models.DateField(null=True, blank=True, help_text="Optional: the first day it covers.")
    covers_to = models.DateField(null=True, blank=True, help_text="Optional: the last day it covers.")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When sending started.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BulletinQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("covers_from"), FieldPanel("covers_to")], heading="Dates it covers"),
        ChosenPageInlinePanel("picks", heading="Picks of recent content", label="pick", min_num=1),
    ]

    preview_modes = [("", "Email (HTML)"), ("text", "Email (plain text)")]

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("send_bulletin", "Can send a bulletin to everyone who opted in")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.covers_from and self.covers_to and self.covers_from > self.covers_to:
            raise ValidationError({"covers_to": "The last day must be on or after the first day."})

    @property
    def is_sent(self):
        return self.sent_at is not None

    def live_picks(self):
        """[(pick, specific page)] in the editors' order, for the picks that are live and public now:
        checked whenever the bulletin is shown or sent, so nothing unpublished or private goes out."""
        picks = list(self.picks.all())
        pages = Page.objects.live().public().filter(pk__in=[pick.page_id for pick in picks]).specific()
        by_pk = {page.pk: page for page in pages}
        return [(pick, by_pk[pick.page_id]) for pick in picks if pick.page_id in by_pk]

    def serve_preview(self, request, mode_name):
        from .bulletins import preview_response

        return preview_response(self, request, mode_name)


class BulletinPick(Orderable):
    bulletin = ParentalKey(Bulletin, on_delete=models.CASCADE, related_name="picks")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True, help_text="Optional: why it is worth reading.")

    panels = [PageChooserPanel("page"), FieldPanel("note")]

    def __str__(self):
        return f"{self.bulletin}: {self.page}"


class BulletinOptIn(models.Model):
    """A member who asked for the editors' bulletin. Opting out deletes the row."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulletin_opt_in"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Bulletin for {self.user}"


class BulletinDelivery(models.Model):
    """One bulletin sent to one member, recorded in the transaction that sends it, so a repeated or
    resumed run sends it to nobody twice and to everyone it has not reached yet."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bulletin", "user"], name="one_bulletin_per_member")]

    def __str__(self):
        return f"{self.bulletin} to {self.user}"
