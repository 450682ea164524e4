"""Editors and staff must use two-factor authentication before they reach the Wagtail admin."""

from allauth.mfa.utils import is_mfa_enabled

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

ADMIN_AFTER_MFA = "icase_admin_after_mfa"  # session key: the admin page an editor was sent away from


def admin_page_after_mfa(request):
    """The admin page to go back to once two-factor is on, or None (see the middleware)."""
    path = request.session.get(ADMIN_AFTER_MFA) if hasattr(request, "session") else None
    if not path or needs_mfa_for_admin(request.user):
        return None
    return path if path.startswith(reverse("wagtailadmin_home")) else None


def needs_mfa_for_admin(user):
    if not user.is_authenticated:
        return False
    can_use_admin = user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    return can_use_admin and not is_mfa_enabled(user)


class RequireMFAForAdminMiddleware:
    """Send anyone who can use the admin, but has no second factor, to set one up first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_prefix = reverse("wagtailadmin_home")
        if request.path.startswith(admin_prefix) and needs_mfa_for_admin(request.user):
            messages.info(request, "Set up two-factor authentication to use the ICASE admin.")
            # allauth forgets ?next= once the app is set up (it shows the recovery codes), so the
            # two-factor pages offer the way back from the session.
            request.session[ADMIN_AFTER_MFA] = request.path
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
