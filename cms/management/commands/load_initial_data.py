from django.core.management.base import BaseCommand, CommandError

from cms.seed import SeedError, SeedLoader


class Command(BaseCommand):
    help = "Build the ICASE site from fixtures/ (safe to run again: unchanged entries are skipped)."

    def load(self):
        """The content seed; site-wide apps extend this command to add their own (see icase.community)."""
        return SeedLoader(stdout=self.stdout).run()

    def handle(self, *args, **options):
        try:
            counts = self.load()
        except SeedError as error:
            raise CommandError(f"Seed content not loaded: {error}") from error
        if counts["created"] == 0 and counts["updated"] == 0:
            self.stdout.write(
                f"Seed content already up to date: no changes ({counts['unchanged']} entries checked)."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed content loaded: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        )
