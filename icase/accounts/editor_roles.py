"""Giving members a pioneer's editing role and taking it away: one rule for the admin's "Pioneer
editors" screen and `manage.py assign_role`.

Membership of the pioneer's editors group is the role (cms/roles.py says what the group may do);
the audit log records every change where it happens (icase/privacy/audit.py). A new editor's
member profile is linked to the pioneer when it names none, so their community posts say where
they are from.
"""

from django.contrib.auth import get_user_model

from cms.roles import ensure_pioneer_space
from icase.community.models import MemberProfile


def member_with_email(email):
    """The account that signed up with `email` (any case), or None."""
    return get_user_model().objects.filter(email__iexact=email.strip()).first()


def add_pioneer_editor(user, pioneer):
    user.groups.add(ensure_pioneer_space(pioneer).group)
    MemberProfile.objects.filter(user=user, pioneer__isnull=True).update(pioneer=pioneer)


def remove_pioneer_editor(user, pioneer):
    user.groups.remove(ensure_pioneer_space(pioneer).group)
