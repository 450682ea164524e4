"""Titles for the search box's autocomplete."""

import re

from wagtail.models import Page

from . import backend, vocabulary
from .documents import registry
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


def suggest_from_database(prefix, limit, visibility=("public",)):
    """Titles with a word starting with what was typed ("virt" finds "Virtual wards"), then titles
    for the phrases the vocabulary says it may be the start of ("virtual ward" is also "hospital
    at home"), for content types that are searched, live and public, and that the visitor may see
    (a private network's event is not suggested to others)."""
    models = [d.model for d in registry.documents if d.model is not None and issubclass(d.model, Page)]
    pages = Page.objects.live().public().type(*models).specific()
    words = [re.escape(word) for word in prefix.lower().split()]
    pattern = r"(^|[^a-z0-9])" + r"\W+".join(words)
    found = list(pages.filter(title__iregex=pattern).order_by("title")[: limit * 3])
    found.sort(key=lambda page: (not page.title.lower().startswith(prefix.lower()), page.title.lower()))
    for phrase in vocabulary.rules().phrases_starting(prefix):
        if len(found) >= limit:
            break
        found += [page for page in pages.filter(title__icontains=phrase)[:limit] if page not in found]
    allowed = set(visibility)
    found = [page for page in found if allowed & set(registry.for_instance(page).visibility(page))]
    return [{"title": page.title, "url": page.url, "type": "page"} for page in found[:limit]]


def suggest_titles(prefix, limit=8, visibility=("public",)):
    """Titles for the search box's autocomplete, best first."""
    prefix = normalise_query(prefix)[:60]
    if len(prefix) < 2:
        return []
    try:
        return suggest_from_elasticsearch(prefix, limit, list(visibility))[0]
    except backend.SearchUnavailable:
        return suggest_from_database(prefix, limit, visibility)
