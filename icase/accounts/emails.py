"""allauth's account emails in the ICASE email frame (icase/mail.py), with links on the site address.

allauth builds its links from the request (`request.build_absolute_uri`), so a confirmation link
said whatever host the sign-up came in on, and its default emails began "Hello from 127.0.0.1".
"""

from allauth.account.utils import user_field

from django.urls import reverse

from icase.links import absolute_url
from icase.mail import frame

# Context entries allauth fills with absolute links built from the request.
LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")
# Emails someone asked for (sign-up, reset, code) and emails about a change to an account.
REQUESTED = (
    "someone asked for it on ICASE using this address. "
    "If it was not you, you can ignore it: nothing will change."
)
SECURITY = "it is about a change to your ICASE account. We always send these, for your security."


def user_display(user):
    """The name a member gave at sign-up (their handle is random until they choose one)."""
    profile = getattr(user, "profile", None)
    return getattr(profile, "display_name", "") or user_field(user, "email") or "your account"


def rebase_links(context):
    return {**context, **{key: absolute_url(context[key]) for key in LINK_KEYS if context.get(key)}}


def reason_for(template_prefix):
    security = ("changed", "deleted", "email_confirm", "password_reset", "password_set", "mfa/")
    requested = (
        "confirmation",
        "password_reset_key",
        "password_reset_code",
        "login_code",
        "unknown",
        "exists",
    )
    if any(word in template_prefix for word in requested):
        return REQUESTED
    if any(word in template_prefix for word in security):
        return SECURITY
    return REQUESTED


def account_email_parts(template_prefix, body, context):
    """(text, html) for an allauth email: its own text (templates/account/email/) in the frame."""
    user = context.get("user")
    return frame(
        body,
        reason=reason_for(template_prefix),
        settings_path=reverse("account_email"),
        settings_label="Manage your ICASE account and email addresses",
        name=user_display(user) if user is not None and getattr(user, "pk", None) else "",
    )
