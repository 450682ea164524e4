#!/usr/bin/env python
"""Subscription matching benchmark: time and queries per published item with many subscriptions.

Builds a fresh SQLite database with the seed content, adds `--subscriptions` subscriptions (by
default 10,000 over 2,000 members): saved searches (the judged queries of
bench/relevance/judgements.yaml, a third with a pioneer filter), themes, pioneers and content types.
Then it matches every live case study and toolkit as if just published
(icase.alerts.matching.match_page), timing each and counting its database queries.

    .venv/bin/python bench/subscriptions.py [--subscriptions 10000] [--members 2000]

Results go to docs/benchmarks.md (section "Subscription matching").
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import percentile, write_section  # noqa: E402 - needs ROOT on the path

HEADER = "## Subscription matching"


def judged_queries():
    import yaml

    return [
        entry["query"] for entry in yaml.safe_load((ROOT / "bench/relevance/judgements.yaml").read_text())
    ]


def build(subscription_count, member_count):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from cms.models import PioneerProfilePage, Theme
    from icase.alerts.models import Subscription, SubscriptionFilter
    from search.documents import registry

    rng = random.Random(17)
    password = make_password(None)
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bench-subscriber-{n}", email=f"bench-{n}@example.org", password=password)
        for n in range(member_count)
    )
    queries = judged_queries()
    themes = list(Theme.objects.values_list("slug", flat=True))
    pioneers = list(PioneerProfilePage.objects.values_list("slug", flat=True))
    types = sorted(registry.types())
    subscriptions = []
    for number in range(subscription_count):
        kind = rng.random()
        query, filters = "", {}
        if kind < 0.5:
            query = rng.choice(queries).lower()
            if rng.random() < 1 / 3:
                filters = {"pioneer": [rng.choice(pioneers)]}
        elif kind < 0.7:
            filters = {"theme": [rng.choice(themes)]}
        elif kind < 0.9:
            filters = {"pioneer": [rng.choice(pioneers)]}
        else:
            filters = {"type": [rng.choice(types)]}
        subscriptions.append(
            Subscription(
                user=users[number % member_count],
                label=f"bench {number}",
                url="/",
                query=query,
                filters=filters,
                key=f"bench-{number}",
            )
        )
    created = Subscription.objects.bulk_create(subscriptions, batch_size=2000)
    SubscriptionFilter.objects.bulk_create(
        (
            SubscriptionFilter(subscription=subscription, param=param, value=value)
            for subscription in created
            for param, values in subscription.filters.items()
            for value in values
        ),
        batch_size=2000,
    )


def measure():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.models import CaseStudyPage, ToolkitPage
    from icase.alerts import matching
    from icase.alerts.models import Alert

    pages = list(CaseStudyPage.objects.live().public()) + list(ToolkitPage.objects.live().public())
    started = time.perf_counter()
    matching.match_page(pages[0])  # the first item reads every saved query; later ones reuse that
    cold = (time.perf_counter() - started) * 1000
    Alert.objects.all().delete()
    timings, queries, matched = [], [], []
    for page in pages:
        with CaptureQueriesContext(connection) as context:
            started = time.perf_counter()
            matched.append(len(matching.match_page(page)))
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(context.captured_queries))
    return pages, timings, queries, matched, cold


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=2_000)
    args = parser.parse_args()
    database = Path(tempfile.mkdtemp()) / "bench-subscriptions.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icase.settings.test")
    os.environ["ICASE_TEST_SERVER_ELASTICSEARCH_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_initial_data", verbosity=0)
    build(args.subscriptions, args.members)
    pages, timings, queries, matched, cold = measure()
    median = statistics.median
    section = "\n".join(
        [
            HEADER,
            "",
            f"`bench/subscriptions.py --subscriptions {args.subscriptions} --members {args.members}`, "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, SQLite, database search settings, "
            "shared 2-core machine.",
            "",
            f"{args.subscriptions:,} subscriptions (half saved searches from the judged queries, a third of "
            "those with a pioneer filter; the rest themes, pioneers and content types) over "
            f"{args.members:,} members. Each of the {len(pages)} live case studies and toolkits matched as "
            "if just published (`icase.alerts.matching.match_page`: find candidate subscriptions in one "
            "query, try each distinct query once against the one document, insert the alerts):",
            "",
            "| per published item | median | p95 | max |",
            "|---|---|---|---|",
            f"| time (ms) | {median(timings):.0f} | {percentile(timings, 95):.0f} | {max(timings):.0f} |",
            f"| database queries | {median(queries):.0f} | {percentile(queries, 95):.0f} | {max(queries)} |",
            f"| subscriptions matched | {median(matched):.0f} | {percentile(matched, 95):.0f} | "
            f"{max(matched)} |",
            "",
            f"The first item after a start (or after an editor changes the vocabulary) also reads every "
            f"distinct saved query once: {cold:.0f} ms. Queries per item do not depend on the number of "
            "subscriptions (tests/icase/alerts/test_matching.py asserts it); what varies is the item's own "
            "document (its themes, outcomes and tags).",
            "",
        ]
    )
    print(section)
    write_section(HEADER, section)


if __name__ == "__main__":
    main()
