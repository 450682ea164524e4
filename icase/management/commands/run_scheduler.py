import time
from datetime import UTC, datetime, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cms.tasks import send_review_reminders
from cms.view_counts import flush_view_counts
from icase.alerts.tasks import finish_recent_bulletins, send_all_digests, send_immediate_alerts
from icase.community.tasks import send_daily_digests
from icase.events.tasks import expire_event_offers, send_event_reminders
from icase.exchange.tasks import barrier_daily_jobs
from icase.privacy.tasks import apply_retention_rules
from icase.scheduler_lock import SchedulerLock

PUBLISH_EVERY_SECONDS = 300
STANDBY_RETRY_SECONDS = 30


def seconds_until(clock, now=None):
    """Seconds from `now` until the next `clock` ("HH:MM", site time zone)."""
    now = timezone.localtime(now)
    hour, minute = (int(part) for part in clock.split(":"))
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= now:
        target = timezone.make_aware(datetime.combine(target.date() + timedelta(days=1), target.time()))
    # Subtract in UTC: Python compares wall clocks when both sides share a tzinfo, which is wrong
    # on the days the clocks change.
    return (target.astimezone(UTC) - now.astimezone(UTC)).total_seconds()


class Command(BaseCommand):
    help = (
        "Run ICASE's clock (the compose `scheduler` service): publish and expire scheduled pages, "
        "write the buffered page-view and download counts, pass on lapsed event offers, queue "
        "event reminders and retry unsent immediate alerts every five minutes, and queue the "
        "notification and subscription digests, review reminders, retention rules "
        "(icase/privacy/retention.py) and the barriers register's update reminders and dormancy "
        "check once a day. With several schedulers running, one runs the jobs (a database lock) "
        "and the others stand by."
    )

    def add_arguments(self, parser):
        parser.add_argument("--daily-at", metavar="HH:MM", default="07:00")
        parser.add_argument("--once", action="store_true", help="Do every job once now, then stop.")

    def handle(self, *args, daily_at, once, **options):
        try:
            next_daily = time.monotonic() + seconds_until(daily_at)
        except ValueError as error:
            raise CommandError(f"--daily-at needs a time like 07:00, not {daily_at!r}") from error
        lock = SchedulerLock()
        if once:
            if not lock.acquire():
                self.stdout.write("Another scheduler is running the jobs; nothing done.")
                return
            try:
                self.publish()
                self.count_views()
                self.daily()
            finally:
                lock.release()
            return
        while not lock.acquire():  # several schedulers may run; one runs the jobs
            time.sleep(STANDBY_RETRY_SECONDS)
        self.stdout.write("This scheduler runs the jobs.")
        while True:
            self.publish()
            self.count_views()
            if time.monotonic() >= next_daily:
                self.daily()
                next_daily = time.monotonic() + seconds_until(daily_at)
            time.sleep(min(PUBLISH_EVERY_SECONDS, max(1, next_daily - time.monotonic())))

    def publish(self):
        call_command("publish_scheduled", stdout=self.stdout)
        expire_event_offers.enqueue()
        send_event_reminders.enqueue()
        send_immediate_alerts.enqueue()  # retries any "straight away" email the mail server refused

    def count_views(self):
        written = flush_view_counts()
        self.stdout.write(f"Wrote {written} buffered page views and downloads.")

    def daily(self):
        send_daily_digests.enqueue()
        send_all_digests.enqueue()
        finish_recent_bulletins.enqueue()
        send_review_reminders.enqueue()
        apply_retention_rules.enqueue()
        barrier_daily_jobs.enqueue()
        self.stdout.write(
            "Queued today's notification digests, review reminders, retention rules and barrier jobs."
        )
