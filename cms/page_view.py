"""The view that serves every page: Wagtail's, with the routing walk started from the site's root row.

Kept apart from cms/routing.py, which the page models import: Wagtail's view module loads the page
model when it is imported, so it can only be imported once the models are.
"""

from django.http import Http404

from wagtail.views import serve as wagtail_serve

from .routing import route_from
from .sites import site_for


def serve(request, path):
    """Wagtail's page view, with the walk started from the site's root row (see the module's
    docstring). Wagtail keeps the route it serves in `request._wagtail_route_for_request`, so
    filling it first is all it takes; the rest (hooks, view restrictions, serving) is Wagtail's."""
    components = [component for component in path.split("/") if component]
    site = site_for(request)
    if site is not None and routes_from_its_root_row(site.root_page.specific_class):
        try:
            if components:
                route = route_from(site.root_page, request, components)
            else:
                home = site.root_page.specific
                home.route_ancestors = []
                route = home.route(request, components)
            request._wagtail_route_for_request = route
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_serve(request, path)


def routes_from_its_root_row(page_class):
    return getattr(page_class, "routes_with_route_from", False)
