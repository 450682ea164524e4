"""Matching a newly published item to the subscriptions it belongs to.

The database does the narrowing, so the cost follows the number of distinct saved searches whose
filters the item meets, never the number of subscribers: one query finds the active subscriptions
whose every filter the item's document meets (SubscriptionFilter rows, counted per subscription)
and who may see it; the distinct queries among them are read and tried once each against the one
document (search/matching.py, the search's own rules); one more query returns the matching
subscriptions' ids and one insert queues an Alert per match. An item
matched before (published again, a thread edited) is not queued again: Alert is unique per
subscription and item.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q

from wagtail.models import Page

from icase.community import visibility
from search.documents import registry
from search.matching import DocumentMatcher
from search.request import SearchRequest
from search.schema import FACETS

from .models import Alert, Subscription


def _values(document, facet_field):
    value = document.get(facet_field)
    return [str(v) for v in (value if isinstance(value, list) else [value]) if v]


def candidate_subscriptions(document, thread=None):
    """Active subscriptions whose filters `document` meets and whose member may see it."""
    met = Q(pk__in=[])
    for facet in FACETS:
        values = _values(document, facet.field)
        if values:
            met |= Q(filter_values__param=facet.param, filter_values__value__in=values)
    subscriptions = Subscription.objects.active().annotate(
        wanted=Count("filter_values__param", distinct=True),
        met=Count("filter_values__param", filter=met, distinct=True),
    )
    searches = Q(category__isnull=True, wanted=F("met"))
    if thread is None:
        return subscriptions.filter(searches)
    subscriptions = subscriptions.filter(searches | Q(category_id=thread.category_id))
    category = thread.category
    if category.is_private:
        allowed = get_user_model().objects.filter(visibility.may_see_category_members(category)).values("pk")
        subscriptions = subscriptions.filter(user__in=allowed)
    # The bridge with community follows: their notifications already tell these members.
    following = Q(user__follows__category_id=category.pk)
    if category.theme_id:
        following |= Q(user__follows__theme_id=category.theme_id)
    return subscriptions.exclude(pk__in=Subscription.objects.filter(following).values("pk"))


def match_document(document, type_label, page=None, thread=None):
    """Queue an Alert for every subscription `document` (a search document) matches; returns
    the ids of the subscriptions matched.

    Only the distinct saved queries among the candidates are read into memory (each tried once);
    then the database returns the ids of the subscriptions that matched, so memory follows the
    number of different searches and of alerts to write, never the number of subscriptions."""
    candidates = candidate_subscriptions(document, thread)
    searches = candidates.filter(category__isnull=True).exclude(query="")
    queries = set(searches.values_list("query", flat=True).distinct())
    matcher = DocumentMatcher(document)
    tokens = list(document.get("visibility") or ["public"])
    matched_queries = [
        query for query in sorted(queries) if matcher.matches(SearchRequest(query=query, visibility=tokens))
    ]
    wanted = Q(category__isnull=False) | Q(query="") | Q(query__in=matched_queries)
    matched = list(candidates.filter(wanted).values_list("pk", flat=True))
    Alert.objects.bulk_create(
        [
            Alert(
                subscription_id=pk,
                item_key=document["id"],
                page=page,
                thread=thread,
                title=document["title"][:300],
                summary=document.get("summary") or "",
                url=document["url"],
                type_label=type_label,
            )
            for pk in matched
        ],
        ignore_conflicts=True,
    )
    return matched


def match_page(page):
    """Match a page just published, if it is live, public and searchable."""
    if not Page.objects.live().public().filter(pk=page.pk).exists():
        return []
    page = page.specific
    document_class = registry.for_instance(page)
    if document_class is None:
        return []
    return match_document(document_class.to_document(page), document_class.type_label, page=page)


def match_thread(thread):
    """Match a thread that has just become visible (published, not hidden)."""
    if thread.status != visibility.PUBLISHED or thread.is_hidden:
        return []
    document_class = registry.for_instance(thread)
    return match_document(document_class.to_document(thread), document_class.type_label, thread=thread)
