from django.template.response import TemplateResponse

from .query import search_pages


def search(request):
    results = search_pages(request.GET.get("q"), request.GET.get("page", 1))
    return TemplateResponse(
        request, "search/search.html", {"results": results, "search_query": results.query}
    )
