"""The community's network rule, given to cms for events meant for one network (cms/audiences.py):
a private network's events are seen by those who may read its threads, as its threads are."""

from django.db.models import Q

from icase.community import visibility
from icase.community.models import Category


class NetworkAudiences:
    def hidden_networks(self, user):
        readable = Category.objects.filter(visibility.category_filter(user)).values("pk")
        private = Category.objects.filter(kind=Category.NETWORK, is_private=True).exclude(pk__in=readable)
        return private.values_list("slug", flat=True)  # lazy: listings use it as a subquery

    def network_names(self, user, slug_sets):
        listed = Q(pk__in=[])
        for slugs in slug_sets:
            listed |= Q(slug__in=slugs)
        hidden = self.hidden_networks(user)
        networks = Category.objects.filter(listed, kind=Category.NETWORK).exclude(slug__in=hidden)
        return dict(networks.order_by("sort_order", "name").values_list("slug", "name"))

    def search_tokens(self, network_slug):
        network = Category.objects.filter(kind=Category.NETWORK, slug=network_slug).first()
        return visibility.category_tokens(network) if network else [visibility.PUBLIC_AUDIENCE]
