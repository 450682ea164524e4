"""Site search's entry point. Views call `run_search`; they never build queries themselves.

The request is answered from Elasticsearch (`elasticsearch_query.py`) or, when it is not configured
or unavailable, from the database (`database_query.py`); either way the answer has the same shape,
with editors' best bets (`promotions.py`) pinned above it and facet values labelled. Both backends
start from the same reading of the query (`understanding.py`): what it names is shown back to the
visitor with a link that applies it as a filter.
"""

from dataclasses import replace

from . import backend
from .database_query import search_database
from .documents import registry
from .elasticsearch_query import search_elasticsearch
from .promotions import promotions_for
from .request import FacetValue, SearchResponse
from .schema import FACETS
from .understanding import understand
from .vocabulary import edits, stems


def _labelled_facets(raw, request):
    facets = {}
    all_labels = registry.all_labels()
    for facet in FACETS:
        labels = all_labels.get(facet.field, {})
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


def run_search(request):
    """Answer a SearchRequest; a query with a spelling suggestion is answered for the respelt
    query, as GOV.UK does ("Showing results for reablement", with "Search instead for reablment"),
    unless the visitor asked for the words as typed or the respelling finds nothing."""
    response = _answer(request)
    if response.suggestion and request.respell and _is_a_typo(request.query, response.suggestion):
        respelt = _answer(replace(request, query=response.suggestion))
        if respelt.results or respelt.promotions:
            respelt.respelt_from, respelt.suggestion = request.query, response.suggestion
            return respelt
    return response


def _is_a_typo(query, suggestion):
    """Answer for the suggestion only when each changed word is one slip away ("reablment"): a
    suggestion further off ("prison" read as "person") may be another word the visitor meant, so
    it is only offered ("Did you mean …?")."""
    typed, meant = query.lower().split(), suggestion.lower().split()
    return len(typed) == len(meant) and all(edits(a, b) <= 1 for a, b in zip(typed, meant, strict=True))


def _answer(request):
    """Answer a SearchRequest from Elasticsearch, or from the database when it is unavailable."""
    understanding = understand(request.query)
    try:
        results, total, raw_facets, suggestion, took = search_elasticsearch(request, understanding)
        used = "elasticsearch"
    except backend.SearchUnavailable:
        results, total, raw_facets, suggestion, took = search_database(request, understanding)
        used = "database"
    if suggestion and stems(suggestion) == stems(request.query):
        suggestion = None  # "shared care records" for "shared care record" corrects nothing
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
        understood=[
            recognised
            for recognised in understanding.recognised
            if recognised.value not in request.filters.get(recognised.param, [])
        ],
    )
