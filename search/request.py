"""What a search asks and what it answers: the request parsed from a query string, and the
result objects both backends fill in, so views and templates never see a backend's own format."""

import math
import re
from dataclasses import dataclass, field

from django.utils.html import escape

from . import backend
from .schema import FACETS

PAGE_SIZE = 10
MAX_QUERY_LENGTH = 200
SNIPPET_LENGTH = 180


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
    respell: bool = True  # False after "Search instead for …": answer the words as typed

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
            respell=params.get("respell") != "0",
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
    facts: list = field(default_factory=list)  # e.g. "A&E attendance from care homes: fell by 23%"

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
            facts=display.get("facts", []),
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
            "facts": self.facts,
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
    understood: list = field(default_factory=list)  # understanding.Recognised not yet filtered by
    respelt_from: str | None = None  # the query as typed, when these are the results for its respelling

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
            "respelt_from": self.respelt_from,
            "understood": [
                {"param": item.param, "value": item.value, "label": item.label, "phrase": item.phrase}
                for item in self.understood
            ],
        }
