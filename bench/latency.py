#!/usr/bin/env python
"""Latency and scale benchmark for ICASE search.

Multiplies the real seeded documents into corpora of 10k and 100k documents (titles, pioneers,
years and body text varied per copy), indexes each with ICASE's index definition, and measures:

- bulk indexing throughput of our indexing path (elasticsearch.helpers.bulk, as `search_index
  rebuild` uses) against raw `_bulk` requests carrying the same documents;
- search latency of the search service (search/query.py run_search: build the request, call Elasticsearch,
  parse hits, facets, highlights and suggestion) at concurrency 1, 4 and 16, for plain,
  filtered+faceted and autocomplete queries, next to Elasticsearch's own `took` from the same
  responses.

    .venv/bin/python bench/latency.py [--sizes 10000 100000] [--requests 200]
        [--separate-cpus]

Concurrent searches come from forked worker processes, as gunicorn's workers serve them.
`--separate-cpus` gives the node and the searching processes a CPU each, as when the
cluster runs on its own machines, so the service's overhead is not hidden behind the node's CPU.

Results go to docs/benchmarks.md (section "Latency and scale", named by the flags). Loopback only;
bounded requests.
"""

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import elasticsearch, percentile, write_section  # noqa: E402 - needs ROOT on the path

QUERIES = [
    "virtual ward",
    "capitated budgets",
    "IG data sharing s251",
    "care homes A&E",
    "reablement",
    "dementia",
]
PREFIXES = ["rea", "cap", "vir", "dem", "car", "inf"]
WARM_UP = 30  # searches per query kind and concurrency before timing starts (JIT, caches, connections)


def corpus(base, size, seed=7):
    """`size` documents made from the real ones, each copy varied so the index is not trivial."""
    rng = random.Random(seed)
    pioneers = sorted({d["pioneer"] for d in base if d["pioneer"]})
    words = " ".join(d["body"] for d in base).split()
    for n in range(size):
        source = base[n % len(base)]
        document = json.loads(json.dumps(source))
        document["id"] = f"bench-{n}"
        document["title"] = f"{source['title']} ({rng.choice(pioneers)} {n})"
        document["pioneer"] = rng.choice(pioneers) if source["pioneer"] else None
        document["year"] = str(rng.randint(2013, 2026))
        document["body"] = source["body"] + " " + " ".join(rng.choices(words, k=40))
        document["spelling"] = f"{document['title']} {document['summary']}"
        yield document


def measure_bulk(client, index_name, documents, chunk=500):
    from elasticsearch import helpers

    from search.index import bulk_actions

    started = time.perf_counter()
    helpers.bulk(client, bulk_actions(index_name, documents), chunk_size=chunk, refresh=False)
    ours = len(documents) / (time.perf_counter() - started)

    raw_index = f"{index_name}-raw"
    from search.index import create_index

    create_index(client, raw_index)
    bodies = []
    for start in range(0, len(documents), chunk):
        lines = []
        for document in documents[start : start + chunk]:
            lines.append(json.dumps({"index": {"_index": raw_index, "_id": document["id"]}}))
            lines.append(json.dumps(document))
        bodies.append("\n".join(lines) + "\n")
    started = time.perf_counter()
    for body in bodies:
        client.bulk(body=body)
    raw = len(documents) / (time.perf_counter() - started)
    client.indices.delete(index=raw_index)
    return ours, raw


def one_search(job):
    """One timed search: (service ms, Elasticsearch took ms). Module level so processes can run it."""
    from search.autocomplete import suggest_from_elasticsearch
    from search.elasticsearch_query import search_elasticsearch
    from search.request import SearchRequest

    kind, i = job
    if kind == "suggest":
        started = time.perf_counter()
        took = suggest_from_elasticsearch(PREFIXES[i % len(PREFIXES)], 8, ["public"])[1]
        return (time.perf_counter() - started) * 1000, took
    query = QUERIES[i % len(QUERIES)]
    filters = {"type": ["case-study"], "year": ["2015", "2016"]} if kind == "filtered" else {}
    started = time.perf_counter()
    took = search_elasticsearch(SearchRequest(query=query, filters=filters))[4]
    return (time.perf_counter() - started) * 1000, took


def _fresh_client():
    """Each worker process opens its own connections, as each gunicorn worker does."""
    from search import backend

    backend._clients.clear()


def timed_searches(kind, requests, concurrency):
    """Run `requests` searches `concurrency` at a time from that many forked worker processes, the
    way gunicorn's sync workers serve requests, after a warm-up the timings leave out."""
    jobs = [(kind, i) for i in range(requests)]
    warm_up = [(kind, i) for i in range(max(WARM_UP, concurrency * 2))]
    with multiprocessing.get_context("fork").Pool(concurrency, initializer=_fresh_client) as pool:
        pool.map(one_search, warm_up, chunksize=1)
        results = pool.map(one_search, jobs, chunksize=1)
    service = [r[0] for r in results]
    took = [r[1] for r in results]
    return service, took


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument(
        "--separate-cpus",
        action="store_true",
        help="Pin the node to CPU 0 and the searching processes to CPU 1, as when the cluster runs on "
        "its own machines (needs the local node: ELASTICSEARCH_URL unset).",
    )
    args = parser.parse_args()

    if args.separate_cpus:
        if os.environ.get("ELASTICSEARCH_URL"):
            parser.error("--separate-cpus pins the local node; unset ELASTICSEARCH_URL")
        # The node inherits CPU 0 from this process, so it also sizes its thread pools for one CPU.
        os.sched_setaffinity(0, {0})
    url, node = elasticsearch()
    if args.separate_cpus:
        os.sched_setaffinity(0, {1})
    workdir = Path(tempfile.mkdtemp(prefix="icase-latency-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icase.settings.test")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["ELASTICSEARCH_URL"] = os.environ["ICASE_TEST_SERVER_ELASTICSEARCH_URL"] = url
    tag = uuid.uuid4().hex[:8]
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        from search import backend
        from search.documents import registry
        from search.index import create_index

        call_command("migrate", verbosity=0)
        os.environ["ELASTICSEARCH_URL"] = ""
        settings.ELASTICSEARCH_URL = ""
        call_command("load_initial_data", verbosity=0)
        settings.ELASTICSEARCH_URL = url
        base = list(registry.all_documents())
        client = backend.get_client().options(request_timeout=120)
        version = client.cat.nodes(h="version", format="json")[0]["version"]
        rows = []
        for size in args.sizes:
            alias = f"icase-latency-{tag}-{size}"
            settings.ELASTICSEARCH_INDEX_ALIAS = alias
            os.environ["ELASTICSEARCH_INDEX_ALIAS"] = alias
            index_name = create_index(client, f"{alias}-1")
            client.indices.put_alias(index=index_name, name=alias)
            documents = list(corpus(base, size))
            ours, raw = measure_bulk(client, index_name, documents)
            client.indices.refresh(index=index_name)
            backend.breaker.reset()
            for kind in ("plain", "filtered", "suggest"):
                for concurrency in (1, 4, 16):
                    service, took = timed_searches(kind, args.requests, concurrency)
                    rows.append((size, kind, concurrency, service, took))
                    print(
                        size,
                        kind,
                        concurrency,
                        f"p95 {percentile(service, 95):.1f} ms, took p95 {percentile(took, 95)}",
                    )
            rows.append((size, "bulk", ours, raw))
            client.indices.delete(index=index_name)
    finally:
        if node:
            node.stop()
    write_report(rows, version, args)


def write_report(rows, version, args):
    header = "## Latency and scale" + (" (separate CPUs)" if args.separate_cpus else "")
    flags = " --separate-cpus" if args.separate_cpus else ""
    placement = (
        "node pinned to CPU 0 and the searching processes to CPU 1"
        if args.separate_cpus
        else "client and node sharing both CPUs"
    )
    lines = [
        header,
        "",
        f"Command: `.venv/bin/python bench/latency.py --sizes {' '.join(map(str, args.sizes))} "
        f"--requests {args.requests}{flags}` "
        f"(run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Elasticsearch {version}, "
        f"one node with a 1 GB heap on this 2-core machine, {placement}, on loopback).",
        "",
        "Service time is search/query.py end to end (build request, Elasticsearch round trip, parse hits, "
        "facets, highlights, suggestion); `took` is Elasticsearch's own time for the same responses. "
        "Suggest rows time the autocomplete query (search/autocomplete.py `suggest_from_elasticsearch`). "
        f"Each concurrency level runs from that many forked worker processes, as gunicorn's workers "
        f"serve searches, after at least {WARM_UP} untimed warm-up searches.",
        "",
        "| documents | query | concurrency | service p50 ms | service p95 ms | took p50 ms | took p95 ms "
        "| p95 ratio to took | p95 minus took ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    bulk_lines = ["", "| documents | our bulk path docs/s | raw _bulk docs/s | ratio |", "|---|---|---|---|"]
    for row in rows:
        if row[1] == "bulk":
            size, _kind, ours, raw = row
            bulk_lines.append(f"| {size:,} | {ours:,.0f} | {raw:,.0f} | {ours / raw:.2f} |")
            continue
        size, kind, concurrency, service, took = row
        s50, s95 = statistics.median(service), percentile(service, 95)
        t50, t95 = statistics.median(took), percentile(took, 95)
        ratio = s95 / t95 if t95 else float("inf")
        lines.append(
            f"| {size:,} | {kind} | {concurrency} | {s50:.1f} | {s95:.1f} | {t50:.0f} | {t95:.0f} | "
            f"{ratio:.2f} | {s95 - t95:.1f} |"
        )
    section = "\n".join(lines + bulk_lines) + "\n"
    write_section(header, section)
    print(section)


if __name__ == "__main__":
    main()
