"""Search pages and API. Thin: parse the request, call search/query.py's run_search, render."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from .autocomplete import suggest_titles
from .documents import registry
from .query import run_search
from .querylog import record_query
from .ratelimit import client_address
from .request import SearchRequest
from .schema import FACETS


def _search(request):
    visibility = registry.visibility_for(request.user)
    response = run_search(SearchRequest.from_params(request.GET, visibility=visibility))
    if request.headers.get("X-ICASE-Finder") != "refresh":  # a live-filter re-fetch is not a new search
        record_query(response, client_address(request))
    return response


def _with_filter(params, item):
    """The query string of this search with what was recognised applied as a filter."""
    params = params.copy()
    params.appendlist(item.param, item.value)
    return params.urlencode()


def _as_typed(params):
    """The query string of this search answered for the words as typed, not their respelling."""
    params = params.copy()
    params["respell"] = "0"
    return params.urlencode()


@require_GET
def search(request):
    response = _search(request)
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    context = {
        "search": response,
        "search_query": response.respelt_from or response.request.query,
        "facet_groups": [(facet.param, *response.facets[facet.param]) for facet in FACETS],
        "active_filters": [
            (param, label, value)
            for param, (label, values) in response.facets.items()
            for value in values
            if value.selected
        ],
        "paginator_querystring": query_without_page.urlencode(),
        "understood": [(item, _with_filter(query_without_page, item)) for item in response.understood],
        "as_typed_querystring": _as_typed(query_without_page) if response.respelt_from else "",
        "nothing_found": not (response.results or response.promotions),
    }
    return TemplateResponse(request, "search/search.html", context)


@require_GET
def api_search(request):
    return JsonResponse(_search(request).as_json())


@require_GET
def api_suggest(request):
    return JsonResponse(
        {
            "query": request.GET.get("q", ""),
            "suggestions": suggest_titles(
                request.GET.get("q"), visibility=registry.visibility_for(request.user)
            ),
        }
    )
