"""Editors' best bets (Wagtail's search promotions) shown above the organic results."""

from django.utils.html import escape

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from .documents import registry
from .request import Result


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
