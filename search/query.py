"""Site search: the query builder, result objects and the database fallback. Views call
`run_search`; they never build queries themselves.

With Elasticsearch, one request per results page returns hits, facet counts, highlights and the
spelling suggestion. Facet counts for a field ignore that field's own selection (multi-select
stays meaningful, as on GOV.UK finders) because selected values are applied as a post_filter.
When Elasticsearch is unavailable the same request is answered from Wagtail's database backend,
with facets counted over the matching documents and a notice that search is in limited mode.
"""

import math
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from . import backend
from .documents import Facet, registry
from .index import acronyms, alias_name
from .ratelimit import within_limit

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
SNIPPET_LENGTH = 180

FACETS = [
    Facet("type", "type", "Type"),
    Facet("theme", "themes", "Theme"),
    Facet("pioneer", "pioneer", "Pioneer"),
    Facet("population", "population", "Population group"),
    Facet("region", "region", "Region"),
    Facet("year", "year", "Year"),
    Facet("evaluation", "evaluation", "Evaluation"),
]
FIELD_BOOSTS = [
    "title^10",
    "acronyms^10",
    "summary^5",
    "theme_names^3",
    "tags.text^3",
    "pioneer_name^2",
    "body",
]
# Typo tolerance looks at titles and summaries only: fuzzy expansion over whole bodies costs more
# than it finds (see docs/benchmarks.md).
FUZZY_FIELDS = ["title.exact^3", "summary.exact^2"]


def normalise_query(raw):
    """The query on one line: control characters (no one types them; PostgreSQL cannot compare NUL)
    and runs of whitespace become single spaces, at most MAX_QUERY_LENGTH characters."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", raw or "").split())[:MAX_QUERY_LENGTH]


@dataclass
class SearchRequest:
    query: str = ""
    filters: dict = field(default_factory=dict)  # facet param -> [values]
    upcoming: bool = False
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE
    visibility: list = field(default_factory=lambda: ["public"])

    @classmethod
    def from_params(cls, params, visibility=None):
        filters = {}
        for facet in FACETS:
            values = [value[:100] for value in params.getlist(facet.param) if value.strip()][:20]
            if values:
                filters[facet.param] = values
        try:
            page = max(1, min(int(params.get("page", 1)), 1000))
        except (TypeError, ValueError):
            page = 1
        return cls(
            query=normalise_query(params.get("q")),
            filters=filters,
            upcoming=params.get("upcoming") in ("1", "true", "on", "yes"),
            sort="newest" if params.get("sort") == "newest" else "relevance",
            page=page,
            visibility=list(visibility or ["public"]),
        )

    @property
    def is_browse(self):
        return not self.query


@dataclass
class Result:
    id: str
    title: str
    url: str
    type: str
    type_label: str
    snippet: str  # safe HTML: escaped text with <mark> around matches
    title_html: str  # safe HTML
    themes: list
    pioneer: str
    date: str | None
    promoted: bool = False

    @classmethod
    def from_document(cls, document, snippet, title_html=None, promoted=False):
        """A result from an indexed document (or its `_source`), whichever backend found it."""
        display = document["display"]
        return cls(
            id=document["id"],
            title=document["title"],
            url=document["url"],
            type=document["type"],
            type_label=display["type_label"],
            snippet=snippet,
            title_html=title_html or escape(document["title"]),
            themes=display["theme_names"],
            pioneer=display["pioneer_name"],
            date=display["date"],
            promoted=promoted,
        )

    def as_json(self):
        return {
            "title": self.title,
            "url": self.url,
            "type": self.type,
            "snippet": self.snippet,
            "highlight": {"title": self.title_html, "body": self.snippet},
            "themes": self.themes,
            "pioneer": self.pioneer,
            "date": self.date,
            "promoted": self.promoted,
        }


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResponse:
    request: SearchRequest
    results: list
    total: int
    facets: dict  # param -> (label, [FacetValue])
    suggestion: str | None
    backend: str
    promotions: list = field(default_factory=list)
    took_ms: int | None = None

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.request.page_size))

    @property
    def limited(self):
        """Elasticsearch is configured but could not answer. The database search that `make run`
        uses by design is the embedded default, not a fault, and carries no warning."""
        return self.backend == "database" and bool(backend.elasticsearch_url())

    def as_json(self):
        return {
            "query": self.request.query,
            "total": self.total,
            "page": self.request.page,
            "pages": self.pages,
            "backend": self.backend,
            "results": [result.as_json() for result in self.promotions + self.results],
            "facets": {
                param: [vars(value) for value in values] for param, (_label, values) in self.facets.items()
            },
            "suggestion": self.suggestion,
        }


# Elasticsearch ----------------------------------------------------------------------------


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
            "fields": FIELD_BOOSTS,
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


def _search_elasticsearch(request):
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


# Database fallback ------------------------------------------------------------------------


def _document_matches(document, request):
    if not set(document["visibility"]) & set(request.visibility):
        return False
    for facet in FACETS:
        selected = request.filters.get(facet.param)
        if not selected:
            continue
        value = document.get(facet.field)
        values = value if isinstance(value, list) else [value]
        if not set(selected) & set(v for v in values if v):
            return False
    is_upcoming = bool(document.get("event_start")) and document["event_start"] >= timezone.now().isoformat()
    return is_upcoming or not request.upcoming


def _highlight(text, terms, length=None):
    """Escape `text`, cut a window around the first match, and wrap matches in <mark>."""
    if length and len(text) > length:
        lowered = text.lower()
        positions = [lowered.find(term) for term in terms if lowered.find(term) >= 0]
        start = max(0, min(positions) - length // 3) if positions else 0
        window = text[start : start + length]
        if start:
            window = window.split(" ", 1)[-1]  # start on a whole word
        window = window.rsplit(" ", 1)[0] if start + length < len(text) else window
        text = ("…" if start else "") + window + ("…" if start + length < len(text) else "")
    escaped = escape(text)
    for term in sorted(terms, key=len, reverse=True):
        escaped = re.sub(rf"(?i)\b({re.escape(escape(term))})", r"<mark>\1</mark>", escaped)
    return escaped


def _search_database(request):
    """The fallback search. Wagtail's database backends pass some punctuation on as query syntax
    (SQLite's FTS5 reads a `"` inside a term as the end of a quoted string), so the query reaches
    them without double quotes; should a backend still refuse what is left, it is asked again with
    the bare words, and then the search finds nothing rather than failing. Each attempt runs in a
    savepoint, so a refused query does not abort a PostgreSQL transaction around it."""
    from django.db import DatabaseError, transaction

    def matching(text):
        found = []
        with transaction.atomic():
            for page in Page.objects.live().public().specific().search(text, operator="or")[:500]:
                document_class = registry.for_instance(page)
                if document_class is not None:
                    found.append(document_class.to_document(page))
            for document_class in registry.documents:
                if document_class.model is not None and not issubclass(document_class.model, Page):
                    found.extend(map(document_class.to_document, document_class.search_database(text)))
        return found

    documents = []
    if request.is_browse:
        documents = list(registry.all_documents())
    else:
        unquoted = " ".join(request.query.replace('"', " ").split())
        for text in dict.fromkeys([unquoted, " ".join(re.findall(r"\w+", unquoted))]):
            if not text:
                break
            try:
                documents = matching(text)
                break
            except DatabaseError:
                continue
    facets = {}
    for facet in FACETS:
        others = SearchRequest(
            query=request.query,
            filters={k: v for k, v in request.filters.items() if k != facet.param},
            upcoming=request.upcoming,
            visibility=request.visibility,
        )
        counts = {}
        for document in documents:
            if _document_matches(document, others):
                value = document.get(facet.field)
                for item in value if isinstance(value, list) else [value]:
                    if item:
                        counts[item] = counts.get(item, 0) + 1
        facets[facet.param] = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    selected = [document for document in documents if _document_matches(document, request)]
    if request.sort == "newest" or request.is_browse:
        selected.sort(key=lambda d: d.get("published_at") or "", reverse=True)
    terms = [term.lower() for term in re.findall(r"\w+", request.query) if len(term) > 1]
    start = (request.page - 1) * request.page_size
    results = [
        Result.from_document(
            document,
            snippet=_highlight(
                document["body"]
                if any(t in document["body"].lower() for t in terms)
                else document["summary"],
                terms,
                SNIPPET_LENGTH,
            ),
            title_html=_highlight(document["title"], terms),
        )
        for document in selected[start : start + request.page_size]
    ]
    return results, len(selected), facets, None, None


# Entry point ------------------------------------------------------------------------------


def _labelled_facets(raw, request):
    facets = {}
    for facet in FACETS:
        labels = registry.labels_for(facet.field)
        selected = set(request.filters.get(facet.param, []))
        values = [
            FacetValue(value=value, label=labels.get(value, value), count=count, selected=value in selected)
            for value, count in raw.get(facet.param, [])
        ]
        present = {value.value for value in values}
        values += [
            FacetValue(value=value, label=labels.get(value, value), count=0, selected=True)
            for value in selected - present
        ]
        if facet.param == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        else:
            values.sort(key=lambda v: v.label.lower())
        facets[facet.param] = (facet.label, values)
    return facets


def promotions_for(request):
    """Editors' best bets for this exact query, pinned above the organic results on page 1."""
    if request.is_browse or request.page != 1:
        return []
    promoted = []
    for promotion in (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(request.query))
        .select_related("page", "query")
        .order_by("sort_order")
    ):
        page = promotion.page.specific if promotion.page_id else None
        if page is None or not page.live or not Page.objects.filter(pk=page.pk).public().exists():
            continue
        document_class = registry.for_instance(page)
        if document_class is not None:
            document = document_class.to_document(page)
        else:  # a page type that is not indexed, such as a section's index page
            no_details = {"type_label": "Page", "theme_names": [], "pioneer_name": "", "date": None}
            document = {
                "id": f"page-{page.pk}",
                "title": page.title,
                "url": page.url,
                "type": "page",
                "summary": "",
                "display": no_details,
            }
        snippet = escape(promotion.description or document["summary"])
        promoted.append(Result.from_document(document, snippet, promoted=True))
    return promoted


def run_search(request):
    """Answer a SearchRequest from Elasticsearch, or from the database when it is unavailable."""
    try:
        results, total, raw_facets, suggestion, took = _search_elasticsearch(request)
        used = "elasticsearch"
    except backend.SearchUnavailable:
        results, total, raw_facets, suggestion, took = _search_database(request)
        used = "database"
    promotions = promotions_for(request)
    promoted_urls = {promotion.url for promotion in promotions}
    results = [result for result in results if result.url not in promoted_urls]
    return SearchResponse(
        request=request,
        results=results,
        total=total,
        facets=_labelled_facets(raw_facets, request),
        suggestion=suggestion,
        backend=used,
        promotions=promotions,
        took_ms=took,
    )


def record_query(response, client="unknown"):
    """Log what was searched, for the editors' top and zero-result query reports.

    Sampled so that a script cannot fill the table: in each SEARCH_LOG_LIMITS["WINDOW_SECONDS"]
    each client address (search.ratelimit.client_address) logs at most
    SEARCH_LOG_LIMITS["PER_CLIENT"] searches and the whole site SEARCH_LOG_LIMITS["TOTAL"]. What
    people search for still shows in the report, since a person searches a few times a minute at
    most. A query or filter holding a control character is never logged."""
    from .models import SearchQueryLog

    request = response.request
    if request.is_browse or request.page != 1:
        return
    typed = [request.query, *(value for values in request.filters.values() for value in values)]
    if any(re.search(r"[\x00-\x1f\x7f-\x9f]", text) for text in typed):
        return
    limits = settings.SEARCH_LOG_LIMITS
    window = limits["WINDOW_SECONDS"]
    if not within_limit("search-log", client, limits["PER_CLIENT"], window):
        return
    if not within_limit("search-log", "everyone", limits["TOTAL"], window):
        return
    SearchQueryLog.objects.create(
        query=request.query.lower()[: SearchQueryLog._meta.get_field("query").max_length],
        filters=request.filters,
        results=response.total + len(response.promotions),
        backend=response.backend,
    )


def _suggest_elasticsearch(prefix, limit, visibility):
    body = {
        "query": {
            "bool": {
                "must": {"match": {"title.autocomplete": {"query": prefix, "operator": "and"}}},
                "should": [{"match_phrase_prefix": {"title.exact": {"query": prefix}}}],
                "filter": [{"terms": {"visibility": visibility}}],
            }
        },
        "size": limit,
        "_source": ["title", "url", "type"],
    }
    response = backend.call(
        lambda client: client.search(index=alias_name(), filter_path=["took", "hits.hits._source"], **body)
    )
    titles = [
        {"title": hit["_source"]["title"], "url": hit["_source"]["url"], "type": hit["_source"]["type"]}
        for hit in response.get("hits", {}).get("hits", [])
    ]
    return titles, response["took"]


def suggest_titles(prefix, limit=8, visibility=("public",)):
    """Titles for the search box's autocomplete, best first."""
    prefix = normalise_query(prefix)[:60]
    if len(prefix) < 2:
        return []
    try:
        return _suggest_elasticsearch(prefix, limit, list(visibility))[0]
    except backend.SearchUnavailable:
        pages = (
            Page.objects.live()
            .public()
            .filter(depth__gt=2, title__icontains=prefix)
            .order_by("title")[:limit]
        )
        return [{"title": page.title, "url": page.url, "type": "page"} for page in pages]


def related_to(obj, limit=5):
    """Content like `obj` (more_like_this over the same index), excluding itself."""
    document_class = registry.for_instance(obj)
    if document_class is None:
        return []
    body = {
        "query": {
            "bool": {
                "must": {
                    "more_like_this": {
                        "fields": ["title", "summary", "theme_names", "body"],
                        "like": [{"_index": alias_name(), "_id": document_class.document_id(obj)}],
                        "min_term_freq": 1,
                        "min_doc_freq": 1,
                        "max_query_terms": 40,
                    }
                },
                "filter": [{"terms": {"visibility": ["public"]}}],
                "must_not": [{"ids": {"values": [document_class.document_id(obj)]}}],
            }
        },
        "size": limit,
        "_source": ["title", "url", "type", "display"],
    }
    try:
        response = backend.call(
            lambda client: client.search(index=alias_name(), filter_path=["hits.hits._source"], **body)
        )
    except backend.SearchUnavailable:
        return []
    return [
        {
            "title": hit["_source"]["title"],
            "url": hit["_source"]["url"],
            "type_label": hit["_source"]["display"]["type_label"],
        }
        for hit in response.get("hits", {}).get("hits", [])
    ]
