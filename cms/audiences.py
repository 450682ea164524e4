"""Pages meant for one audience: a learning event for a private network's members only.

Who belongs to a network is the community's rule (icase.community.visibility), and cms may not
import icase, so the events app registers that rule here when Django starts
(icase/events/apps.py). Every surface that lists, serves, indexes or maps events asks this module,
through `LearningEventPage.objects.visible_to(user)`, `hidden_networks` and `search_tokens`.
Without a registered rule no network is private.
"""

PUBLIC_TOKENS = ("public",)


class NoPrivateNetworks:
    def hidden_networks(self, user):
        return set()

    def search_tokens(self, network_slug):
        return list(PUBLIC_TOKENS)

    def network_names(self, user, slug_sets):
        return {}


_rule = {"current": NoPrivateNetworks()}


def register(rule):
    """`rule.hidden_networks(user)`: slugs of the private networks whose events `user` (None for
    an anonymous visitor) may not see, as a collection or a lazy queryset (a listing then filters
    with a subquery instead of one more query); `rule.search_tokens(slug)`: the visibility tokens an event
    for that network is indexed with; `rule.network_names(user, slug_sets)`: {slug: name} of the
    networks `user` may see whose slug is in any of `slug_sets` (collections or lazy querysets of
    slugs), in the networks' order (the events list's filter)."""
    _rule["current"] = rule


def hidden_networks(user):
    return _rule["current"].hidden_networks(user)


def search_tokens(network_slug):
    if not network_slug:
        return list(PUBLIC_TOKENS)
    return _rule["current"].search_tokens(network_slug)


def network_names(user, slug_sets):
    return _rule["current"].network_names(user, slug_sets)
