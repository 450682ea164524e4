"""The ICASE email frame for emails other code renders, such as Wagtail's review notifications,
so they carry the same header, reason and settings link as every email icase.mail sends."""

from django import template
from django.urls import reverse

from icase.mail import frame_context

register = template.Library()


@register.simple_tag
def admin_email_frame(user):
    """The frame of a Wagtail admin notification: why an editor gets it and where to stop it."""
    return frame_context(
        reason="you review or edit content in ICASE, and this page or one you sent moved on in review.",
        settings_path=reverse("wagtailadmin_account") + "#tab-notifications",
        settings_label="Choose which review emails you get",
        name=(user.get_full_name() or "") if user else "",
    )
