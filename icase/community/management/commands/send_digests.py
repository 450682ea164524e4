from django.core.management.base import BaseCommand

from icase.community.tasks import send_daily_digests


class Command(BaseCommand):
    help = "Queue today's notification digests (run once a day, e.g. from cron at 07:00)."

    def handle(self, *args, **options):
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Daily digests queued ({result.status}).")
