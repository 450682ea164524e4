"""Site search queries. Views call these; they never build queries themselves.

This is the database-backend search every install has. It knows nothing about content types
beyond Wagtail's Page, so adding a page type needs no change here.
"""

from dataclasses import dataclass

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


@dataclass
class SearchResults:
    query: str
    page: object
    total: int


def normalise_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search_pages(raw_query, page_number=1):
    """Full-text search over every live, public page, best match first."""
    query = normalise_query(raw_query)
    if not query:
        return SearchResults(query="", page=None, total=0)
    results = Page.objects.live().public().filter(depth__gt=2).specific().search(query, operator="and")
    paginator = Paginator(results, RESULTS_PER_PAGE)
    try:
        page = paginator.page(page_number)
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return SearchResults(query=query, page=page, total=paginator.count)
