import json

from django.core.management.base import BaseCommand, CommandError

from search import backend, index, maintenance
from search.indexing import replay_outbox


class Command(BaseCommand):
    help = (
        "Manage the Elasticsearch index: rebuild (new index, atomic alias swap), status (cluster, alias "
        "and counts against the database), reconcile (add missing, remove stale), replay (apply changes "
        "queued while Elasticsearch was down)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "status", "reconcile", "replay"])

    def handle(self, *args, action, **options):
        try:
            if action == "rebuild":
                result = maintenance.rebuild()
                previous = ", ".join(result["replaced"]) or "nothing"
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Rebuilt {result['index']}: {result['indexed']} documents; "
                        f"alias {index.alias_name()} now points to it (previously {previous})."
                    )
                )
                if result["errors"]:
                    self.stderr.write(json.dumps(result["errors"][:5], indent=2))
            elif action == "status":
                self.stdout.write(json.dumps(maintenance.status(), indent=2))
            elif action == "reconcile":
                result = maintenance.reconcile()
                self.stdout.write(
                    f"Reconciled: {result['added']} added, {result['updated']} updated, "
                    f"{result['removed']} removed."
                )
            else:
                self.stdout.write(f"Replayed {replay_outbox()} queued change(s).")
        except backend.SearchUnavailable as error:
            raise CommandError(f"Elasticsearch is unavailable ({error}); nothing was changed.") from error
