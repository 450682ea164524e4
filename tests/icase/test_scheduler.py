from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest

from django.core import mail
from django.core.management import call_command

from icase.community.models import Notification
from icase.management.commands.run_scheduler import seconds_until
from tests.icase.community.helpers import make_member

LONDON = ZoneInfo("Europe/London")


def test_the_scheduler_waits_until_the_next_digest_time():
    assert seconds_until("07:00", datetime(2026, 11, 23, 6, 0, tzinfo=LONDON)) == 3600
    assert seconds_until("07:00", datetime(2026, 11, 23, 8, 0, tzinfo=LONDON)) == 23 * 3600
    # Across the clocks going forward (29 March 2026) the wait is an hour shorter in real time.
    assert seconds_until("07:00", datetime(2026, 3, 28, 7, 0, tzinfo=LONDON)) == 23 * 3600


@pytest.mark.django_db
def test_send_digests_emails_daily_members_once():
    member = make_member("digest-reader", email_notifications="daily")
    Notification.objects.create(
        user=member, kind="reply", message="Tom replied to “Discharge”", url="/community/"
    )
    call_command("send_digests", stdout=StringIO())
    call_command("send_digests", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["digest-reader@example.org"]]
    assert "Tom replied to “Discharge”" in mail.outbox[0].body


@pytest.mark.django_db
def test_run_scheduler_once_publishes_scheduled_pages_and_queues_the_daily_jobs():
    from datetime import timedelta

    from django.utils import timezone

    from cms.models import ToolkitPage

    toolkit = ToolkitPage.objects.live().first()
    toolkit.title = "Updated on schedule"
    revision = toolkit.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save()
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    toolkit.refresh_from_db()
    assert toolkit.title == "Updated on schedule"
    assert (
        "Queued today's notification digests, review reminders, retention rules and barrier jobs."
        in out.getvalue()
    )


@pytest.mark.django_db
def test_two_schedulers_run_each_job_once():
    """A second scheduler finds the lock taken by the first (another database session on
    PostgreSQL, another open file on SQLite) and does nothing until the first stops."""
    from django.db import connection

    from icase.scheduler_lock import ADVISORY_KEY, SchedulerLock

    if connection.vendor == "postgresql":
        import psycopg

        config = connection.settings_dict
        first = psycopg.connect(
            dbname=config["NAME"],
            user=config["USER"],
            password=config["PASSWORD"],
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            autocommit=True,
        )
        first.execute("SELECT pg_advisory_lock(%s)", [ADVISORY_KEY])
        stop_first = first.close
    else:
        holder = SchedulerLock()
        assert holder.acquire()
        stop_first = holder.release
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "Another scheduler is running the jobs; nothing done." in out.getvalue()
    stop_first()
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    assert "Queued today's notification digests" in out.getvalue()
