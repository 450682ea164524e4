"""The Elasticsearch side of site search: one request per results page returns hits, facet
counts, highlights and the spelling suggestion.

Facet counts for a field ignore that field's own selection (multi-select stays meaningful, as on
GOV.UK finders) because selected values are applied as a post_filter.
"""

import re

from django.utils.html import escape

from . import backend
from .index import acronyms, alias_name
from .request import SNIPPET_LENGTH, Result
from .schema import FACETS, FUZZY_FIELDS, SEARCH_FIELDS


def _filter_clauses(request, exclude=None):
    clauses = []
    for facet in FACETS:
        if facet.param != exclude and request.filters.get(facet.param):
            clauses.append({"terms": {facet.field: request.filters[facet.param]}})
    if request.upcoming:
        clauses.append({"range": {"event_start": {"gte": "now"}}})
    return clauses


def _main_match(query):
    return {
        "multi_match": {
            "query": query,
            "fields": SEARCH_FIELDS,
            "type": "cross_fields",
            "minimum_should_match": "2<75%",
        }
    }


def _text_query(query):
    return {
        "bool": {
            "should": [
                _main_match(query),
                {
                    # Typo tolerance for longer words only, on unstemmed fields, weighted low.
                    "multi_match": {
                        "query": query,
                        "fields": FUZZY_FIELDS,
                        "fuzziness": "AUTO:5,9",
                        "prefix_length": 1,
                        "max_expansions": 20,
                        "minimum_should_match": "2<75%",
                        "boost": 0.3,
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


def build_query(request, collate=True):
    """The whole Elasticsearch request body for one results page.

    `collate` asks the phrase suggester to keep only suggestions that match documents; it needs
    Elasticsearch's mustache module (present in the official distribution). Without it the caller
    checks a returned suggestion with one extra count request.
    """
    visibility = {"terms": {"visibility": request.visibility}}
    if request.is_browse:
        main = {"bool": {"must": {"match_all": {}}, "filter": [visibility]}}
    else:
        main = {
            "bool": {
                "must": [_text_query(request.query)],
                "should": [
                    {"match_phrase": {"title.exact": {"query": request.query, "slop": 2, "boost": 5}}},
                    {"match_phrase": {"summary.exact": {"query": request.query, "slop": 3, "boost": 2}}},
                    {"match_phrase": {"body.exact": {"query": request.query, "slop": 3, "boost": 1}}},
                    # Recency matters for time-sensitive types only (events have event_start).
                    {
                        "distance_feature": {
                            "field": "event_start",
                            "origin": "now",
                            "pivot": "90d",
                            "boost": 1.5,
                        }
                    },
                ],
                "filter": [visibility],
            }
        }
    body = {
        "query": main,
        "from": (request.page - 1) * request.page_size,
        "size": request.page_size,
        "track_total_hits": True,
        "_source": ["id", "type", "url", "title", "summary", "display", "themes", "pioneer"],
        "aggs": {
            facet.param: {
                "filter": {"bool": {"filter": _filter_clauses(request, exclude=facet.param)}},
                "aggs": {"values": {"terms": {"field": facet.field, "size": 200}}},
            }
            for facet in FACETS
        },
    }
    post_filter = _filter_clauses(request)
    if post_filter:
        body["post_filter"] = {"bool": {"filter": post_filter}}
    if request.sort == "newest" or request.is_browse:
        body["sort"] = [{"published_at": {"order": "desc", "missing": "_last"}}, {"title.sort": "asc"}]
    if not request.is_browse:
        body["highlight"] = {
            # Highlight what the words and their synonyms matched; re-running the fuzzy
            # expansions for every hit was the largest part of Elasticsearch's time.
            "highlight_query": _main_match(request.query),
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                "title": {"number_of_fragments": 0},
                "summary": {"number_of_fragments": 0},
                "body": {"fragment_size": SNIPPET_LENGTH, "number_of_fragments": 1},
            },
        }
        if suggestion_allowed(request.query):
            body["suggest"] = {
                "text": request.query,
                "spelling": {
                    "phrase": {
                        "field": "spelling",
                        "size": 1,
                        "gram_size": 3,
                        "max_errors": 2,
                        "direct_generator": [
                            {"field": "spelling", "suggest_mode": "always", "min_word_length": 4}
                        ],
                    }
                },
            }
            if collate:
                body["suggest"]["spelling"]["phrase"]["collate"] = {
                    "query": {"source": _suggestion_check("{{suggestion}}", request.visibility)},
                    "prune": False,
                }
    return body


def suggestion_allowed(query):
    """Never 'correct' an acronym or a term with digits (s251, A&E, IG)."""
    known = acronyms()
    for token in re.findall(r"[\w&]+", query.lower()):
        if any(ch.isdigit() for ch in token) or "&" in token or token in known:
            return False
    return True


# What a results page reads from the response; Elasticsearch leaves out the rest (ids, scores,
# shard statistics), so less is serialised, sent and parsed. Empty parts are left out too.
RESULTS_PAGE_FIELDS = [
    "took",
    "hits.total.value",
    "hits.hits._source",
    "hits.hits.highlight",
    "aggregations.*.values.buckets.key",
    "aggregations.*.values.buckets.doc_count",
    "suggest.spelling.options.text",
]


def search_elasticsearch(request):
    """(results, total, facet counts, suggestion, milliseconds taken) for one results page."""
    collate = backend.supports_mustache()
    body = build_query(request, collate=collate)
    response = backend.call(
        lambda client: client.search(index=alias_name(), filter_path=RESULTS_PAGE_FIELDS, **body)
    )
    results = []
    for hit in response["hits"].get("hits", []):
        source = hit["_source"]
        highlight = hit.get("highlight", {})
        snippet = (highlight.get("body") or highlight.get("summary") or [escape(source.get("summary", ""))])[
            0
        ]
        title_html = (highlight.get("title") or [None])[0]
        results.append(Result.from_document(source, snippet.strip(), title_html))
    facets = {}
    for facet in FACETS:
        buckets = response.get("aggregations", {}).get(facet.param, {}).get("values", {}).get("buckets", [])
        facets[facet.param] = [(bucket["key"], bucket["doc_count"]) for bucket in buckets]
    suggestion = None
    options = [
        option
        for entry in response.get("suggest", {}).get("spelling", [])
        for option in entry.get("options", [])
    ]
    if options and options[0]["text"].lower() != request.query.lower():
        suggestion = options[0]["text"]
        if not collate and not _has_matches(suggestion, request.visibility):
            suggestion = None
    return results, response["hits"]["total"]["value"], facets, suggestion, response.get("took")


def _suggestion_check(text, visibility):
    """A query matching documents the visitor may see that contain every word of `text`.

    The phrase suggester draws its candidate words from the whole index, private threads and
    member profiles included; a suggestion is offered only when this finds a document, so no
    word reaches a visitor from a document they cannot see."""
    return {
        "bool": {
            "must": {"match": {"spelling": {"query": text, "operator": "and"}}},
            "filter": {"terms": {"visibility": list(visibility)}},
        }
    }


def _has_matches(text, visibility):
    query = _suggestion_check(text, visibility)
    return backend.call(lambda client: client.count(index=alias_name(), query=query))["count"] > 0
