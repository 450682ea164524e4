"""Members' public handles (@handle in mentions, /members/<handle>/).

A handle is the user's `username`. Nobody's handle is derived from their email address: sign-up
gives a random one ("member-" and eight random characters) that says nothing about the member, and
it only becomes mentionable once the member chooses a handle on their profile page
(`MemberProfile.handle_chosen`). Mentions resolve only chosen handles of active members, so
writing @firstname.lastname never confirms that such an address exists.
"""

import re
import secrets
import string

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

RANDOM_PREFIX = "member-"
RANDOM_ALPHABET = string.ascii_lowercase + string.digits
HANDLE = re.compile(r"^[a-z0-9][a-z0-9_-]{1,28}[a-z0-9]$")
# Names that look official or collide with the site's own addresses.
RESERVED = frozenset(
    """
    abuse account accounts admin administrator all anonymous api community contact editor editors
    everyone help helpdesk here icase info me member members moderation moderator moderators mod mods
    new nhs nobody none noreply no-reply notifications null official postmaster privacy profile root
    search security settings signup staff support system team undefined webmaster you
    """.split()  # noqa: SIM905 (a word list is easier to review than a list of strings)
)


def random_handle():
    """An unused handle that reveals nothing about the member."""
    users = get_user_model().objects
    while True:
        handle = RANDOM_PREFIX + "".join(secrets.choice(RANDOM_ALPHABET) for _ in range(8))
        if not users.filter(username__iexact=handle).exists():
            return handle


def clean_handle(value, user=None):
    """The handle a member asked for, normalised (no leading @, lower case), or a ValidationError
    saying what to change."""
    handle = (value or "").strip().removeprefix("@").lower()
    if not HANDLE.match(handle):
        raise ValidationError(
            "Your handle must be 3 to 30 characters: lower-case letters, numbers, hyphens or "
            "underscores, starting and ending with a letter or number."
        )
    if handle in RESERVED or handle.startswith(RANDOM_PREFIX):
        raise ValidationError(f"“{handle}” is reserved. Choose another handle.")
    taken = get_user_model().objects.filter(username__iexact=handle)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError(f"“{handle}” is already someone's handle. Choose another.")
    return handle
