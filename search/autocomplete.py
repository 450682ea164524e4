"""Titles for the search box's autocomplete."""

from wagtail.models import Page

from . import backend
from .index import alias_name
from .request import normalise_query


def suggest_from_elasticsearch(prefix, limit, visibility):
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
        return suggest_from_elasticsearch(prefix, limit, list(visibility))[0]
    except backend.SearchUnavailable:
        pages = (
            Page.objects.live()
            .public()
            .filter(depth__gt=2, title__icontains=prefix)
            .order_by("title")[:limit]
        )
        return [{"title": page.title, "url": page.url, "type": "page"} for page in pages]
