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

from django.db.models import Q
from django.http import Http404

from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult


def routes_like_a_plain_page(page_class):
    return page_class.route is Page.route


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
    page = current.specific
    if not page.live:
        raise Http404
    page.route_ancestors = walked[:-1]
    return RouteResult(page)


class RoutedAncestorsMixin:
    """Pages that read the ancestors the routing walk loaded, when they were served through it."""

    def get_view_restrictions(self):
        """Wagtail's rule (this page and every ancestor, an alias standing for its source page)
        over the ancestors already loaded, in one query instead of two."""
        ancestors = getattr(self, "route_ancestors", None)
        if ancestors is None:
            return super().get_view_restrictions()
        ids = {page.alias_of_id or page.pk for page in [*ancestors, self]}
        return PageViewRestriction.objects.filter(
            Q(page_id__in=ids) | Q(page__path=self.path[: self.steplen])
        )

    def breadcrumb_ancestors(self):
        """Ancestors from the site's home page down, for the breadcrumbs."""
        ancestors = getattr(self, "route_ancestors", None)
        if ancestors is None:
            return list(self.get_ancestors().filter(depth__gte=2))
        return [page for page in ancestors if page.depth >= 2]
