from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from icase.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the database and media files from a directory written by `manage.py backup`, after "
        "checking its checksums. Replaces what the database holds. With Elasticsearch configured it "
        "then rebuilds the search index from the restored database."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        try:
            manifest = restore(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the database and {len(manifest['media'])} media files from {directory} "
                f"(backed up at {manifest['created_at']})."
            )
        )
        if settings.ELASTICSEARCH_URL:
            call_command("search_index", "rebuild", stdout=self.stdout)
        else:
            self.stdout.write("No Elasticsearch configured: search uses the database, nothing to rebuild.")
