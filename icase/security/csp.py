"""Content Security Policy: settings.CONTENT_SECURITY_POLICY for the public site (no inline script
or style, no plugins, no framing), and ADMIN_CONTENT_SECURITY_POLICY for the Wagtail admin, whose
editor interface still relies on inline scripts and styles and frames its own previews.

Previews are the one public rendering the admin frames (the preview side panel, and the Checks
panel that runs its word count and accessibility checks inside that frame). Wagtail renders them
through a simulated request to the page's public URL, run through the whole middleware stack
again (`PreviewableMixin.make_preview_request`), so by its path a preview looks like a public page
and would get `frame-ancestors 'none'`, which leaves the panel blank. Wagtail marks that simulated
request with `is_preview = True`, which no visitor's request can carry, so previews, and only
they, keep the public policy except that the admin's own origin may frame them (and
X-Frame-Options SAMEORIGIN rather than DENY)."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings


def is_preview(request):
    """Wagtail's simulated preview request (pages and snippets alike); never a visitor's."""
    return getattr(request, "is_preview", False) is True


def preview_directives():
    return {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "frame-ancestors": [SELF]}


class ICASECSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if is_preview(request):
            directives = preview_directives()
        elif request.path_info.startswith(settings.ADMIN_PREFIX):
            directives = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        else:
            return parts
        return PolicyParts(directives, parts.update, parts.replace, parts.nonce)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if is_preview(request):
            # Set before XFrameOptionsMiddleware (earlier in MIDDLEWARE) sees the response, so its
            # default DENY is not added to previews.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
