"""Review reminders, sent through the task API: a pioneer's editors hear about their own case
studies, the programme editors about toolkits, 30 days and 7 days before the review date and on it."""

import logging
from collections import defaultdict

from django_tasks import task

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from .reports import due_for_review
from .roles import PROGRAMME_EDITORS

logger = logging.getLogger(__name__)
REMINDER_DAYS = (30, 7, 0)


def reminders_for(today=None):
    """{recipient email: [due rows]} for items whose review date is 30, 7 or 0 days away."""
    today = today or timezone.localdate()
    due = [row for row in due_for_review(today=today) if (row["review_date"] - today).days in REMINDER_DAYS]
    recipients = defaultdict(list)
    programme = Group.objects.filter(name=PROGRAMME_EDITORS).first()
    for row in due:
        page = row["page"]
        space = getattr(getattr(page, "pioneer", None), "space", None)
        group = space.group if space is not None else programme
        for user in group.user_set.filter(is_active=True) if group else []:
            recipients[user.email].append(row)
    return recipients


@task()
def send_review_reminders():
    sent = 0
    for email, rows in reminders_for().items():
        try:
            send_mail(
                subject=f"ICASE: {len(rows)} page{'s' if len(rows) != 1 else ''} due for review",
                message=render_to_string(
                    "cms/email/review_reminder.txt",
                    {"rows": rows, "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/")},
                ),
                from_email=None,
                recipient_list=[email],
            )
            sent += 1
        except Exception:
            logger.exception("Review reminder to %s not sent", email)
    return sent
