from django.core.management.base import BaseCommand

from icase.community.tasks import send_daily_digests


class Command(BaseCommand):
    help = "Queue the notification digests now (the scheduler does this every day; see run_scheduler)."

    def handle(self, *args, **options):
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Daily digests queued ({result.status}).")
