from django.core.management.base import BaseCommand, CommandError

from cms import seed as content_seed
from icase.community import seed as community_seed
from icase.privacy import roles as privacy_roles

# Each app's seed step, in order: a function taking `stdout` and returning its counts of created,
# updated and unchanged entries. The community step reads the themes the content step writes; the
# privacy step gives programme editors the audit log.
SEED_STEPS = (content_seed.load, community_seed.load, privacy_roles.load)


class Command(BaseCommand):
    help = "Build the ICASE site from fixtures/ (safe to run again: unchanged entries are skipped)."

    def handle(self, *args, **options):
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        try:
            for step in SEED_STEPS:
                for key, value in step(stdout=self.stdout).items():
                    counts[key] += value
        except content_seed.SeedError as error:
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
