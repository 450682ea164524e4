#!/usr/bin/env python
"""Relevance benchmark for ICASE search.

Builds the seeded site in a fresh SQLite database, indexes it in a real Elasticsearch 8 (the local
node from search/elasticsearch/runner.py, or ELASTICSEARCH_URL), and scores three systems on the
judged queries in bench/relevance/judgements.yaml:

- icase: our query (search/elasticsearch_query.py) on our index, through the search page's entry
  point (search/query.py), so a one-slip misspelling is answered for its respelling as visitors see;
- wagtail-es8: Wagtail's stock Elasticsearch 8 backend (modelsearch) on the same content;
- database: the database fallback ICASE uses when Elasticsearch is down.

Metrics: nDCG@10 over graded judgements (0-3), MRR of the first grade-3 item for known-item
queries, recall@10 of grade-3 items per group, for "no_result" queries the share answered with no
results, and for "no_answer" queries (nothing on the site answers them) the share answered with at
most NO_ANSWER_MAX results, the issue's target for questions the site cannot answer (every system
returns at least its first 10 hits, so 3 or fewer is the whole result list). Results go to
docs/benchmarks.md (section "Relevance").

    .venv/bin/python bench/relevance.py [--database-url postgres://icase:icase@127.0.0.1:5432/icase_relevance]

With --database-url the site is built in that (PostgreSQL) database instead, so the database
column's candidate pages come from PostgreSQL's full-text search; its results go to the section
"Relevance, PostgreSQL".
"""

import argparse
import math
import os
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
JUDGEMENTS = ROOT / "bench" / "relevance" / "judgements.yaml"

from bench.common import write_section  # noqa: E402 - needs ROOT on the path

SYSTEMS = ["icase", "wagtail-es8", "database"]
GROUPS = [
    "known_item",
    "acronym",
    "misspelling",
    "topic",
    "outcome",
    "question",
    "place_topic",
    "type_browse",
]
UNANSWERABLE = {"no_result", "no_answer"}
NO_ANSWER_MAX = 3


def ndcg_at_10(ranked, grades):
    dcg = sum((2 ** grades.get(url, 0) - 1) / math.log2(i + 2) for i, url in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2**grade - 1) / math.log2(i + 2) for i, grade in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def reciprocal_rank(ranked, grades):
    for i, url in enumerate(ranked[:10]):
        if grades.get(url, 0) == 3:
            return 1 / (i + 1)
    return 0.0


def recall_at_10(ranked, grades):
    must = {url for url, grade in grades.items() if grade == 3}
    return len(must & set(ranked[:10])) / len(must) if must else 1.0


def setup_site(workdir, database_url=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icase.settings.test")
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_initial_data", verbosity=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="build the site in this PostgreSQL database, not SQLite")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="icase-bench-"))
    node = None
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        from search.elasticsearch.runner import LocalElasticsearch

        node = LocalElasticsearch().start()
        url = node.url
    tag = uuid.uuid4().hex[:8]
    os.environ["ELASTICSEARCH_URL"] = url
    os.environ["ICASE_TEST_SERVER_ELASTICSEARCH_URL"] = url  # the test settings read the node from here
    os.environ["ELASTICSEARCH_INDEX_ALIAS"] = f"icase-bench-{tag}"
    try:
        setup_site(workdir, args.database_url)
        scores, version = run(url, tag)
    finally:
        if node:
            node.stop()
    write_report(scores, version, postgres=bool(args.database_url))


def run(url, tag):
    from django.conf import settings
    from django.core.management import call_command

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from search import backend, maintenance
    from search.database_query import search_database
    from search.documents import registry
    from search.query import run_search
    from search.request import SearchRequest

    maintenance.rebuild()
    settings.WAGTAILSEARCH_BACKENDS["stock"] = {
        "BACKEND": "wagtail.search.backends.elasticsearch8",
        "URLS": [url],
        "INDEX": f"icase-stock-{tag}",
        "TIMEOUT": 10,
    }
    call_command("update_index", backend_name="stock", verbosity=0)
    version = backend.call(lambda client: client.cat.nodes(h="version", format="json"))[0]["version"]
    stock = get_search_backend("stock")
    theme_document = next(d for d in registry.documents if d.type == "theme")

    def stock_search(query):
        pages = Page.objects.live().public().filter(depth__gt=2).specific().search(query, backend="stock")
        scored = [(hit._score, hit.url) for hit in pages.annotate_score("_score")[:10]]
        themes = stock.search(query, theme_document.get_queryset()).annotate_score("_score")
        scored += [(theme._score, theme_document.to_document(theme)["url"]) for theme in themes[:10]]
        return [found_url for _score, found_url in sorted(scored, key=lambda pair: -pair[0])]

    def icase_search(query):
        """What a visitor gets: the Elasticsearch answer, or the answer for its one-slip respelling
        ("hospitl" as "hospital"), as the search page shows it. The database column respells
        inside search_database already."""
        response = run_search(SearchRequest(query=query))
        assert response.backend == "elasticsearch", "the node stopped answering"
        return [result.url for result in response.promotions + response.results]

    systems = {
        "icase": icase_search,
        "wagtail-es8": stock_search,
        "database": lambda q: [r.url for r in search_database(SearchRequest(query=q))[0]],
    }
    judgements = yaml.safe_load(JUDGEMENTS.read_text())
    known_urls = {document["url"] for document in registry.all_documents()}
    unknown = {u for j in judgements for u in j["grades"] if u not in known_urls}
    if unknown:
        sys.exit(f"Judgements name pages that do not exist: {sorted(unknown)}")
    scores = {name: [] for name in systems}
    for judgement in judgements:
        for name, search in systems.items():
            ranked = search(judgement["query"])
            scores[name].append({"judgement": judgement, "ranked": ranked})
    return scores, version


def mean(metric, rows):
    return sum(metric(row["ranked"], row["judgement"]["grades"]) for row in rows) / len(rows)


def summarise(rows):
    def group(name):
        return [row for row in rows if row["judgement"]["group"] == name]

    judged = [row for row in rows if row["judgement"]["group"] not in UNANSWERABLE]
    summary = {"ndcg": mean(ndcg_at_10, judged), "mrr_known": mean(reciprocal_rank, group("known_item"))}
    for name in GROUPS:
        summary[f"recall_{name}"] = mean(recall_at_10, group(name))
        summary[f"ndcg_{name}"] = mean(ndcg_at_10, group(name))
    empty = group("no_result")
    summary["no_result_empty"] = sum(1 for row in empty if not row["ranked"]) / len(empty)
    unanswerable = group("no_answer")
    few = sum(1 for row in unanswerable if len(row["ranked"]) <= NO_ANSWER_MAX)
    summary["no_answer_few"] = few / len(unanswerable)
    return summary


def write_report(scores, version, postgres=False):
    summaries = {name: summarise(rows) for name, rows in scores.items()}
    count = len(next(iter(scores.values())))
    header = "## Relevance, PostgreSQL" if postgres else "## Relevance"
    option = " --database-url postgres://…" if postgres else ""
    database = "PostgreSQL's full-text search" if postgres else "SQLite's FTS5"
    lines = [
        header,
        "",
        f"Command: `.venv/bin/python bench/relevance.py{option}` (run {datetime.now(UTC):%Y-%m-%d %H:%M} "
        f"UTC, Elasticsearch {version}, {count} judged queries in `bench/relevance/judgements.yaml`, "
        f"seeded content; the database column's candidate pages come from {database}).",
        "",
        "| metric | " + " | ".join(SYSTEMS) + " |",
        "|---|" + "---|" * len(SYSTEMS),
    ]
    rows = [("nDCG@10 (all judged groups)", "ndcg"), ("MRR, known items", "mrr_known")]
    rows += [(f"nDCG@10, {group.replace('_', ' ')}", f"ndcg_{group}") for group in GROUPS]
    rows += [(f"recall@10 of must-find, {group.replace('_', ' ')}", f"recall_{group}") for group in GROUPS]
    rows += [("no-result queries answered with nothing", "no_result_empty")]
    rows += [(f"no-answer queries answered with at most {NO_ANSWER_MAX} results", "no_answer_few")]
    for label, key in rows:
        lines.append(f"| {label} | " + " | ".join(f"{summaries[s][key]:.3f}" for s in SYSTEMS) + " |")
    gain = summaries["icase"]["ndcg"] - summaries["wagtail-es8"]["ndcg"]
    lines += ["", f"nDCG@10 gain of the ICASE query over stock Wagtail: {gain:+.3f}.", ""]
    misses = []
    for row in scores["icase"]:
        score = ndcg_at_10(row["ranked"], row["judgement"]["grades"])
        if row["judgement"]["group"] not in UNANSWERABLE and score < 0.6:
            top = ", ".join(row["ranked"][:3]) or "nothing"
            query, group = row["judgement"]["query"], row["judgement"]["group"]
            misses.append(f"- `{query}` ({group}): nDCG@10 {score:.2f}; top 3: {top}")
    lines += ["Weakest ICASE queries (nDCG@10 below 0.6):", ""] + (misses or ["- none"]) + [""]
    section = "\n".join(lines)
    write_section(header, section)
    print(section)


if __name__ == "__main__":
    main()
