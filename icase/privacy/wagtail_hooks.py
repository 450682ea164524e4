"""The audit log (Reports → Audit log) and erasing a member on request (Settings → Delete a
member's account), both for programme editors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .forms import EraseMemberForm
from .models import AuditEvent
from .services import CannotErase, erase_member

VIEW_AUDIT = "privacy.view_auditevent"
ERASE = "privacy.erase_member"
EVENTS_PER_PAGE = 50


def audit_log(request):
    if not request.user.has_perm(VIEW_AUDIT):
        raise PermissionDenied
    events = AuditEvent.objects.select_related("actor__profile", "subject__profile")
    action = request.GET.get("action", "")
    if action in dict(AuditEvent.ACTION_CHOICES):
        events = events.filter(action=action)
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "privacy/admin/audit_log.html",
        {"page": page, "actions": AuditEvent.ACTION_CHOICES, "action": action},
    )


def erase_on_request(request):
    if not request.user.has_perm(ERASE):
        raise PermissionDenied
    form = EraseMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            erase_member(form.member, form.choices(), actor=request.user, reason=form.cleaned_data["reason"])
        except CannotErase as error:
            form.add_error("email", str(error))
        else:
            messages.success(request, "The member's account and personal data have been deleted.")
            return redirect("privacy_audit_log")
    return TemplateResponse(request, "privacy/admin/erase_member.html", {"form": form})


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("audit-log/", audit_log, name="privacy_audit_log"),
        path("erase-member/", erase_on_request, name="privacy_erase_member"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_reports_menu_item")
def audit_menu_item():
    return PermissionMenuItem(
        "Audit log", reverse("privacy_audit_log"), icon_name="history", order=900, permission=VIEW_AUDIT
    )


@hooks.register("register_settings_menu_item")
def erase_menu_item():
    return PermissionMenuItem(
        "Delete a member's account",
        reverse("privacy_erase_member"),
        icon_name="bin",
        order=900,
        permission=ERASE,
    )
