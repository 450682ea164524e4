"""Editors and staff must use two-factor authentication before they reach the Wagtail admin."""

from allauth.mfa.utils import is_mfa_enabled

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse


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
            return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
        return self.get_response(request)
