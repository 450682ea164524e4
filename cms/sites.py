"""The request's Wagtail site, read once per content generation instead of once per request.

Wagtail looks the site up by host and port with a query each request and keeps it on the request
as `_wagtail_site`; the sites only change when an editor changes them, and any change moves the
content generation on, so ICASE's page view and navigation take it from the page cache until
then. Filling `_wagtail_site` means Wagtail's own lookups later in the request reuse it.
"""

from django.http.request import split_domain_port

from wagtail.models import Site

from .generation import read_once_per_generation


def site_for(request):
    """`Site.find_for_request(request)`, kept per content generation (only asked when a page
    needs it, so requests that show no page never touch the sites)."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request.get_host())[0]
        port = request.get_port()
        (request._wagtail_site,) = read_once_per_generation(
            f"site:{hostname}:{port}", lambda: (Site.find_for_request(request),)
        )
    return request._wagtail_site
