"""Routing a URL to its page in two queries, whatever its depth, and reusing what the walk found.

Wagtail's `Page.route` walks the tree one level at a time, two queries a level (the child by
slug, then its specific row): eight for a case study. Every page's `url_path` is its parent's plus
its slug, so one query for the URL's prefixes finds the whole chain. The walk then follows
Wagtail's rules exactly: a missing child is a 404, a page whose type routes itself (routable
pages such as events and the theme index) takes over the rest of the path, and only the final
page must be live.

The chain the walk loaded is every ancestor below the tree's root, so the page keeps it
(`route_ancestors`): the view-restriction check and the breadcrumbs read it instead of asking the
database for the ancestors again, and the page view (cms/page_view.py) starts the walk from the
site's root row as the site lookup loaded it rather than loading the home page's own row first.
"""

from django.db.models import F
from django.http import Http404

from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

from .generation import read_once_per_generation


def routes_like_a_plain_page(page_class):
    return page_class.route is Page.route


def _specific(page):
    """The page's specific row, with what its type names in `routing_select_related` (a case
    study's pioneer) joined into the same query."""
    related = getattr(page.specific_class, "routing_select_related", ())
    if not related:
        return page.specific
    return page.specific_class.objects.select_related(*related).get(pk=page.pk)


def route_from(root, request, path_components):
    """Route `path_components` below `root`, a page that routes plainly (its specific row is not
    needed: only its path, depth and url_path are read)."""
    prefixes, url_path = [], root.url_path
    for slug in path_components:
        url_path = f"{url_path}{slug}/"
        prefixes.append(url_path)
    chain = {
        page.url_path: page for page in Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
    }
    walked, current = [root], root
    for index, prefix in enumerate(prefixes):
        child = chain.get(prefix)
        if child is None or child.depth != current.depth + 1:
            raise Http404
        current = child
        if not routes_like_a_plain_page(child.specific_class):
            page = child.specific
            page.route_ancestors = walked
            return page.route(request, path_components[index + 1 :])
        walked = [*walked, child]
    page = _specific(current)
    if not page.live:
        raise Http404
    page.route_ancestors = walked[:-1]
    return RouteResult(page)


def _all_view_restrictions():
    """Every view restriction with its page's path: a handful on any site, and changed only by
    an editor (which moves the content generation on)."""
    return list(PageViewRestriction.objects.annotate(page_path=F("page__path")).order_by("pk"))


class RoutedAncestorsMixin:
    """Pages that read the ancestors the routing walk loaded, when they were served through it."""

    def get_view_restrictions(self):
        """Wagtail's rule (this page and every ancestor, an alias standing for its source page)
        over the ancestors already loaded and the site's restrictions as this generation keeps
        them: no query instead of two."""
        ancestors = getattr(self, "route_ancestors", None)
        if ancestors is None:
            return super().get_view_restrictions()
        ids = {page.alias_of_id or page.pk for page in [*ancestors, self]}
        root_path = self.path[: self.steplen]
        return [
            restriction
            for restriction in read_once_per_generation("view-restrictions", _all_view_restrictions)
            if restriction.page_id in ids or restriction.page_path == root_path
        ]

    def breadcrumb_ancestors(self):
        """Ancestors from the site's home page down, for the breadcrumbs."""
        ancestors = getattr(self, "route_ancestors", None)
        if ancestors is None:
            return list(self.get_ancestors().filter(depth__gte=2))
        return [page for page in ancestors if page.depth >= 2]
