"""Existing accounts whose username (their public handle) came from their email address get a
random handle, and names that are just the email's local part become "ICASE member".

Usernames made by allauth at sign-up were the local part of the email address, cleaned and, when
taken, followed by a few random characters; some accounts used the whole address. Those handles are
replaced by "member-" and eight random characters, not mentionable until the member chooses one
(`handle_chosen` stays False). Every other existing username was typed by someone on purpose and
counts as chosen. Irreversible: the old handles are not kept anywhere.
"""

import re
import secrets
import string
import unicodedata

from django.conf import settings
from django.db import migrations

ALPHABET = string.ascii_lowercase + string.digits
ALLAUTH_SUFFIX_LENGTH = 7  # allauth's MAX_USERNAME_SUFFIX_LENGTH when it de-duplicates usernames


def allauth_base(local_part):
    """The username allauth derived from an email's local part before adding any suffix."""
    text = unicodedata.normalize("NFKD", local_part).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s@+.-]", "", text).lower().strip()
    return re.sub(r"\s+", "_", text)


def derived_from_email(username, email):
    name = (username or "").lower()
    if "@" in name:
        return True
    local_part = (email or "").split("@")[0].lower()
    if not local_part:
        return False
    if name == local_part:
        return True
    base = allauth_base(local_part)
    return bool(base) and name.startswith(base) and len(name) - len(base) <= ALLAUTH_SUFFIX_LENGTH


def randomise_derived_handles(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    MemberProfile = apps.get_model("community", "MemberProfile")
    taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
    for user in User.objects.order_by("pk").iterator():
        derived = derived_from_email(user.username, user.email)
        if derived:
            handle = None
            while handle is None or handle in taken:
                handle = "member-" + "".join(secrets.choice(ALPHABET) for _ in range(8))
            taken.add(handle)
            User.objects.filter(pk=user.pk).update(username=handle)
        profiles = MemberProfile.objects.filter(user_id=user.pk)
        profiles.update(handle_chosen=not derived)
        local_part = (user.email or "").split("@")[0].strip().lower()
        if local_part:
            profiles.filter(display_name__iexact=local_part).update(display_name="ICASE member")


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0003_memberprofile_handle_chosen"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(randomise_derived_handles, migrations.RunPython.noop)]
