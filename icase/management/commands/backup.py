from django.core.management.base import BaseCommand, CommandError

from icase.backups import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, a consistent copy on SQLite) and every media "
        "file into a new directory, with a manifest of checksums. The search index is not backed up: "
        "it is rebuilt from the database after a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="A new or empty directory, e.g. /backups/icase-2026-12-02.")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up the {manifest['database']['vendor']} database and {len(manifest['media'])} "
                f"media files to {directory}."
            )
        )
