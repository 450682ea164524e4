"""`{% get_emails %}`: the "Get emails about this" form on listing, theme, pioneer and search pages,
on a community network's page (`{% get_emails category=category %}`) and on the community index
(`{% get_emails content_type="discussion" %}`).

Anonymous visitors all get the same sign-in link (back to this very URL), so an anonymous page
stays cacheable; only a signed-in member's copy says whether they already subscribe.
"""

from django import template

from ..models import Subscription
from ..targets import target_for

register = template.Library()


@register.inclusion_tag("alerts/get_emails.html", takes_context=True)
def get_emails(context, part="all", category=None, content_type=None):
    """`content_type` follows every new item of one search type (the community index passes
    "discussion"). `part="fields"` renders the button and its inputs only, tied by the `form` attribute to the
    form that `part="form"` renders elsewhere: the search page's own GET form surrounds the
    results (and its live filtering re-renders the fields), and forms cannot nest."""
    request = context.get("request")
    target = target_for(context, category, content_type)
    if target is None or request is None:
        return {"target": None}
    user = request.user
    subscribed = None
    if user.is_authenticated:
        subscribed = _subscription(request, user, target.key)
    return {
        "part": part,
        "target": target,
        "request": request,
        "signed_in": user.is_authenticated,
        "subscribed": subscribed,
        "csrf_token": context.get("csrf_token"),
        "here": request.get_full_path(),
    }


def _subscription(request, user, key):
    """The member's current subscription to `key`, asked once per request: the search page renders
    the tag twice (its fields inside the results form, the form itself outside)."""
    asked = request.__dict__.setdefault("_icase_subscriptions", {})
    if key not in asked:
        asked[key] = Subscription.objects.current().filter(user=user, key=key).first()
    return asked[key]
