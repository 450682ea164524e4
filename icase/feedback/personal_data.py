"""Contact messages carry the sender's name and email address, not an account: they belong to a
member when the address is one of the member's (icase/privacy/registry.py)."""

from allauth.account.models import EmailAddress

from django.db.models import Q


def _sent_from(user):
    addresses = {
        user.email.lower(),
        *(a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
    }
    addresses.discard("")
    condition = Q(pk__in=[])
    for address in addresses:
        condition |= Q(email__iexact=address)
    return condition


PERSONAL_DATA = [
    {
        "model": "feedback.ContactMessage",
        "match": _sent_from,
        "export": ["name", "email", "topic", "message", "created_at"],
        "erase": "delete",
    },
]
