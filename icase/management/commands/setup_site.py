from elasticsearch import ApiError

from django.core.management import call_command
from django.core.management.base import BaseCommand

from search import backend, maintenance


def build_search_index_once(stdout):
    """Build the index if there is none yet (or only an empty one); never rebuild a live one.

    Several web replicas start together, and a rebuild on each start would race (and replace an
    index that is serving). Later rebuilds are deliberate: `manage.py search_index rebuild`.
    Elasticsearch being down must not keep the site from starting: search then runs in limited
    mode. An empty index beside a database with content is what a first write makes when set-up
    ran while Elasticsearch was down, so it is built then too.
    """
    try:
        with backend.maintenance_timeout():
            state = maintenance.status()
            indexed, expected = sum(state["indexed"].values()), sum(state["database"].values())
            if state["indexes"] and (indexed or not expected):
                stdout.write(
                    f"Search index {state['alias']} already exists ({indexed} documents): not rebuilt. "
                    "Run `manage.py search_index reconcile` or `rebuild` to bring it up to date."
                )
                return
            result = maintenance.rebuild()
    except (backend.SearchUnavailable, ApiError) as error:
        stdout.write(
            f"Search index not built: Elasticsearch is unavailable or refused ({error}). Search runs "
            "in limited mode; run `manage.py search_index rebuild` once Elasticsearch is up."
        )
        return
    stdout.write(f"Search index {result['index']} built: {result['indexed']} documents.")


class Command(BaseCommand):
    help = (
        "One-off set-up before the site starts (the compose `setup` service): migrate, create the "
        "cache table, load the seed content, and build the search index if there is none yet."
    )

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=options["verbosity"])
        call_command("createcachetable", verbosity=options["verbosity"])
        call_command("load_initial_data", verbosity=options["verbosity"])
        build_search_index_once(self.stdout)
