"""Content like a page, for the "related" list beside it."""

from . import backend
from .documents import registry
from .index import alias_name


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
