import time
from datetime import UTC, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from icase.community.tasks import send_daily_digests


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
    help = "Queue the daily notification digests now, or every day at a time (the compose scheduler)."

    def add_arguments(self, parser):
        parser.add_argument("--every-day-at", metavar="HH:MM", help="Keep running and queue digests daily.")

    def handle(self, *args, **options):
        clock = options["every_day_at"]
        if clock is None:
            self.queue()
            return
        try:
            seconds_until(clock)
        except ValueError as error:
            raise CommandError(f"--every-day-at needs a time like 07:00, not {clock!r}") from error
        while True:
            time.sleep(seconds_until(clock))
            self.queue()

    def queue(self):
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Daily digests queued ({result.status}).")
