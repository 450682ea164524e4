from django.core.management.base import BaseCommand

from icase.alerts.tasks import send_all_digests


class Command(BaseCommand):
    help = (
        "Queue the subscription digests now (daily, and weekly once a week; run_scheduler does this daily)."
    )

    def handle(self, *args, **options):
        result = send_all_digests.enqueue()
        self.stdout.write(f"Subscription digests queued ({result.status}).")
