"""Signed one-click unsubscribe tokens: no sign-in needed, nothing guessable, no expiry (a link in
a year-old email must still work), and each says exactly which subscriptions it ends."""

from django.core import signing

SALT = "icase.alerts.unsubscribe"
EVERYTHING = "all"
BULLETINS = "bulletins"  # the editors' bulletin only, never a subscription


def make_token(user_id, subscription_ids=EVERYTHING):
    ids = subscription_ids if subscription_ids in (EVERYTHING, BULLETINS) else sorted(subscription_ids)
    return signing.dumps({"u": user_id, "s": ids}, salt=SALT, compress=True)


def read_token(token):
    """(user id, subscription ids, EVERYTHING or BULLETINS), or None for a token we did not sign."""
    try:
        data = signing.loads(token or "", salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    ids = data.get("s")
    if ids in (EVERYTHING, BULLETINS):
        return data["u"], ids
    if not (isinstance(ids, list) and all(isinstance(i, int) for i in ids)):
        return None
    return data["u"], ids
