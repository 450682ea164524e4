"""Every change to a member's subscriptions: starting one from what a page shows, changing,
pausing and ending them (one or all). Views call these; nothing else writes subscriptions."""

from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from icase.community import visibility
from icase.community.models import Category
from search.documents import registry
from search.request import normalise_query
from search.schema import FACETS

from . import bulletins
from .models import Subscription

FACET_PARAMS = {facet.param: facet for facet in FACETS}
MAX_VALUES = 20


def clean_filters(params):
    """The search filters in `params` (a QueryDict or dict of lists), as the search page reads them."""
    filters = {}
    for param in FACET_PARAMS:
        values = params.getlist(param) if hasattr(params, "getlist") else params.get(param, [])
        values = sorted({value.strip()[:100] for value in values if value.strip()})[:MAX_VALUES]
        if values:
            filters[param] = values
    return filters


def describe(query, filters, category=None):
    """What a subscription follows, in words: "“reablement” · Pioneer: Kent"."""
    if category is not None:
        return f"New discussions in {category.name}"
    parts = [f"“{query}”"] if query else []
    for param, values in filters.items():
        facet = FACET_PARAMS[param]
        labels = registry.labels_for(facet.field)
        parts.append(f"{facet.label}: {', '.join(labels.get(value, value) for value in values)}")
    return " · ".join(parts) or "Everything new on ICASE"


def search_url(query, filters):
    pairs = ([("q", query)] if query else []) + [(p, v) for p, values in filters.items() for v in values]
    return f"{reverse('search')}?{urlencode(pairs)}" if pairs else reverse("search")


def int_or_none(value):
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def safe_path(url):
    """`url` when it is a path on this site (never another host), else ""."""
    ok = bool(url) and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    return url[:1000] if ok else ""


@transaction.atomic
def subscribe(user, *, query="", filters=None, category_slug="", frequency=Subscription.DAILY, url=""):
    """Start (or keep) the subscription for what a page shows; returns (subscription, created).
    A network the member may not see is refused with Category.DoesNotExist, as a 404."""
    query = normalise_query(query)
    filters = filters or {}
    category = None
    if category_slug:
        category = Category.objects.get(slug=category_slug)
        if not visibility.can_view_category(user, category):
            raise Category.DoesNotExist
        query, filters = "", {}
    if frequency not in dict(Subscription.FREQUENCY_CHOICES):
        frequency = Subscription.DAILY
    key = Subscription.key_for(query, filters, category.pk if category else None)
    existing = Subscription.objects.current().filter(user=user, key=key).first()
    if existing is not None:
        return existing, False
    subscription = Subscription(
        user=user,
        query=query,
        filters=filters,
        category=category,
        frequency=frequency,
        label=describe(query, filters, category)[:300],
        url=safe_path(url) or (category.get_absolute_url() if category else search_url(query, filters)),
    )
    subscription.save()
    return subscription, True


def change(subscription, *, frequency, paused):
    subscription.frequency = frequency
    subscription.paused = paused
    subscription.save()


def covered_by(user, subscription_ids):
    """The member's subscriptions among `subscription_ids` (or all, for None), ended or not."""
    mine = Subscription.objects.filter(user=user)
    return mine if subscription_ids is None else mine.filter(pk__in=subscription_ids)


def end(user, subscription_ids):
    """End the member's current subscriptions among `subscription_ids` (or all, for None: then
    the editors' bulletin stops too, as "everything" says). Returns the subscriptions the
    request covers, ended now or before, so the page can say what the member left even when the
    link is followed twice."""
    if subscription_ids is None:
        bulletins.set_opt_in(user, False)
    covered_ids = list(covered_by(user, subscription_ids).values_list("pk", flat=True))
    Subscription.objects.filter(pk__in=covered_ids, ended_at__isnull=True).update(ended_at=timezone.now())
    return list(Subscription.objects.filter(pk__in=covered_ids).order_by("label"))
