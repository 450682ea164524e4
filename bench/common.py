"""What the benchmark scripts share: percentiles, an Elasticsearch node, and their report file."""

import os
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def percentile(values, pct):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def elasticsearch():
    """(url, node): ELASTICSEARCH_URL when set (node None), else a local node the caller stops."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if url:
        return url, None
    from search.elasticsearch.runner import LocalElasticsearch

    node = LocalElasticsearch().start()
    return node.url, node


def write_section(header, section):
    """Replace the report's section that starts with the `header` line, or append it."""
    existing = REPORT.read_text() if REPORT.exists() else "# Benchmarks\n"
    start = existing.find(header + "\n")
    if start >= 0:
        end = existing.find("\n## ", start + 1)
        existing = existing[:start] + existing[end + 1 if end >= 0 else len(existing) :]
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(existing.rstrip() + "\n\n" + section)
