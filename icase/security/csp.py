"""Content Security Policy: settings.CONTENT_SECURITY_POLICY for the public site (no inline script
or style, no plugins, no framing), and ADMIN_CONTENT_SECURITY_POLICY for the Wagtail admin, whose
editor interface still relies on inline scripts and styles and frames its own previews."""

from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings


class ICASECSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None or not request.path_info.startswith(settings.ADMIN_PREFIX):
            return parts
        directives = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return PolicyParts(directives, parts.update, parts.replace, parts.nonce)
