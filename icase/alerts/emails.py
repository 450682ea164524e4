"""The subscription emails: one per new item (straight away) or one digest per member and period,
grouped by subscription. Every one carries one-click unsubscribe links (signed tokens, see
tokens.py) in its text and in the List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058),
so a mail client's own "unsubscribe" button works without signing in."""

from django.urls import reverse
from django.utils.http import urlencode

from icase.links import absolute_url
from icase.mail import build_email

from .tokens import EVERYTHING, make_token

REASON = "you subscribed to updates on ICASE."


def unsubscribe_url(user_id, subscription_ids=EVERYTHING):
    query = urlencode({"token": make_token(user_id, subscription_ids)})
    return absolute_url(f"{reverse('alerts:unsubscribe')}?{query}")


def with_one_click_unsubscribe(message, url):
    """The RFC 8058 headers that let a mail client unsubscribe with one POST to `url`."""
    message.extra_headers["List-Unsubscribe"] = f"<{url}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def build_alert_email(user, groups, subject):
    """`groups` is [(subscription, [alerts])]; the header unsubscribes from what this email covers."""
    covered = [subscription.pk for subscription, _alerts in groups]
    context = {
        "groups": [
            {
                "subscription": subscription,
                "alerts": [{"alert": alert, "link": absolute_url(alert.url)} for alert in alerts],
                "unsubscribe_url": unsubscribe_url(user.pk, [subscription.pk]),
                "follow_url": absolute_url(subscription.url),
            }
            for subscription, alerts in groups
        ],
        "unsubscribe_all_url": unsubscribe_url(user.pk),
    }
    profile = getattr(user, "profile", None)
    message = build_email(
        user.email,
        subject,
        "email/alerts/alerts.txt",
        context,
        reason=REASON,
        settings_path=reverse("alerts:subscriptions"),
        settings_label="Change or pause your subscriptions",
        name=getattr(profile, "display_name", ""),
    )
    return with_one_click_unsubscribe(message, unsubscribe_url(user.pk, covered))
