"""The database side of site search: the same request answered from Wagtail's database backend
when Elasticsearch is not configured (`make run`) or unavailable, with facets counted over the
matching documents."""

import re

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page

from .documents import registry
from .request import SNIPPET_LENGTH, Result, SearchRequest
from .schema import FACETS


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


def search_database(request):
    """The fallback search. Wagtail's database backends pass some punctuation on as query syntax
    (SQLite's FTS5 reads a `"` inside a term as the end of a quoted string), so the query reaches
    them without double quotes; should a backend still refuse what is left, it is asked again with
    the bare words, and then the search finds nothing rather than failing. Each attempt runs in a
    savepoint, so a refused query does not abort a PostgreSQL transaction around it."""

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
