"""The editors' bulletin in the admin: compose (a snippet with live preview of the email), then
one page to send a test to yourself and to send it to everyone who opted in.

Who may: the model permissions add/change/delete/view_bulletin and send_bulletin, which only
Programme editors hold (cms/roles.py). A sent bulletin is in the public archive; its form refuses
changes, so the archive keeps saying what members were sent.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from . import bulletins
from .models import Bulletin

SENT_MESSAGE = "This bulletin has been sent, so it can no longer be changed. Add a new bulletin instead."


class BulletinForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and Bulletin.objects.filter(pk=self.instance.pk, sent_at__isnull=False).exists():
            raise forms.ValidationError(SENT_MESSAGE)
        return cleaned


class BulletinEditView(EditView):
    @property
    def header_more_buttons(self):
        send = Button(
            "Test and send",
            url=reverse("wagtailsnippets_alerts_bulletin:send", args=[self.object.pk]),
            icon_name="mail",
            priority=5,
        )
        return [send, *super().header_more_buttons]


class BulletinViewSet(SnippetViewSet):
    model = Bulletin
    icon = "mail"
    menu_label = "Editors’ bulletins"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "created_at", "sent_at"]
    edit_view_class = BulletinEditView
    edit_handler = ObjectList(Bulletin.panels, base_form_class=BulletinForm)

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("send/<int:pk>/", self.send_view, name="send")]

    def send_view(self, request, pk):
        """GET: what will go and to how many; POST action=test (to yourself) or action=send."""
        if not self.permission_policy.user_has_permission(request.user, "send"):
            raise PermissionDenied
        bulletin = get_object_or_404(Bulletin, pk=pk)
        here = reverse(self.get_url_name("send"), args=[pk])
        if request.method == "POST":
            action = request.POST.get("action")
            if action == "test":
                if not request.user.email:
                    messages.error(request, "Your account has no email address to send a test to.")
                else:
                    bulletins.send_test(bulletin, request.user)
                    messages.success(request, f"A test was sent to {request.user.email}.")
            elif action == "send" and request.POST.get("confirm") == "yes":
                if bulletins.start_sending(bulletin, request.user):
                    messages.success(request, f"“{bulletin.title}” is being sent to everyone who opted in.")
                else:
                    messages.warning(request, "This bulletin was sent already; it was not sent again.")
            elif action == "send":
                messages.error(request, "Tick the box to confirm you want to send it to everyone.")
            return redirect(here)
        picks = list(bulletin.picks.select_related("page"))
        live_ids = {page.pk for _pick, page in bulletin.live_picks()}
        context = {
            "bulletin": bulletin,
            "live": [pick for pick in picks if pick.page_id in live_ids],
            "left_out": [pick for pick in picks if pick.page_id not in live_ids],
            "recipient_count": bulletins.recipients().count(),
            "delivered_count": bulletin.deliveries.count(),
            "edit_url": reverse(self.get_url_name("edit"), args=[pk]),
            "archive_url": reverse("alerts:bulletin", args=[pk]) if bulletin.is_sent else "",
            "header_title": f"Send: {bulletin.title}",
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": "Home"},
                {"url": reverse(self.get_url_name("list")), "label": "Editors’ bulletins"},
                {"url": reverse(self.get_url_name("edit"), args=[pk]), "label": bulletin.title},
                {"url": "", "label": "Test and send"},
            ],
            "header_icon": "mail",
        }
        return TemplateResponse(request, "alerts/admin/send.html", context)


register_snippet(BulletinViewSet)
