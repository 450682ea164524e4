"""Routing a URL to its page in two queries, whatever its depth.

Wagtail's `Page.route` walks the tree one level at a time, two queries a level (the child by
slug, then its specific row): eight for a case study. Every page's `url_path` is its parent's plus
its slug, so one query for the URL's prefixes finds the whole chain. The walk then follows
Wagtail's rules exactly: a missing child is a 404, a page whose type routes itself (routable
pages such as events and the theme index) takes over the rest of the path, and only the final
page must be live.
"""

from django.http import Http404

from wagtail.models import Page
from wagtail.url_routing import RouteResult


def routes_like_a_plain_page(page_class):
    return page_class.route is Page.route


def route_from(root, request, path_components):
    """Route `path_components` below `root` (a specific page that routes plainly)."""
    prefixes, url_path = [], root.url_path
    for slug in path_components:
        url_path = f"{url_path}{slug}/"
        prefixes.append(url_path)
    chain = {
        page.url_path: page for page in Page.objects.filter(url_path__in=prefixes, path__startswith=root.path)
    }
    current = root
    for index, prefix in enumerate(prefixes):
        child = chain.get(prefix)
        if child is None or child.depth != current.depth + 1:
            raise Http404
        current = child
        if not routes_like_a_plain_page(child.specific_class):
            return child.specific.route(request, path_components[index + 1 :])
    page = current.specific
    if not page.live:
        raise Http404
    return RouteResult(page)
