"""Review reminders, sent through the task API: a pioneer's editors hear about their own case
studies, the programme editors about toolkits, 30 days and 7 days before the review date and on it."""

import logging
from collections import defaultdict

from django_tasks import task

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from icase.links import absolute_url
from icase.mail import send_email

from .reports import due_for_review
from .roles import PROGRAMME_EDITORS

logger = logging.getLogger(__name__)
REMINDER_DAYS = (30, 7, 0)
REMINDER_REASON = (
    "you edit these pages on ICASE (as their pioneer's editor or a programme editor), and we remind "
    "editors 30 days and 7 days before a page's review date and on the day."
)


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


def _edit_url(page):
    return absolute_url(reverse("wagtailadmin_pages:edit", args=[page.pk]))


@task()
def send_review_reminders():
    sent = 0
    for email, rows in reminders_for().items():
        try:
            send_email(
                email,
                f"ICASE: {len(rows)} page{'s' if len(rows) != 1 else ''} due for review",
                "email/cms/review_reminder.txt",
                {
                    "rows": [{**row, "edit_url": _edit_url(row["page"])} for row in rows],
                    "report_url": absolute_url(reverse("cms_report_due_for_review")),
                },
                reason=REMINDER_REASON,
                settings_path=reverse("wagtailadmin_account"),
                settings_label="Your ICASE admin account",
            )
            sent += 1
        except Exception:
            logger.exception("Review reminder to %s not sent", email)
    return sent
