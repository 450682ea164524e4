"""Programme editors read the audit log and carry out members' requests to be erased."""

from django.contrib.auth.models import Group, Permission

from cms.roles import PROGRAMME_EDITORS

PERMISSIONS = ("view_auditevent", "erase_member")


def load(stdout=None):
    """A seed step (load_initial_data): idempotent, returns its counts."""
    group, _ = Group.objects.get_or_create(name=PROGRAMME_EDITORS)
    wanted = Permission.objects.filter(content_type__app_label="privacy", codename__in=PERMISSIONS)
    missing = wanted.exclude(group=group)
    added = missing.count()
    group.permissions.add(*missing)
    return {"created": 0, "updated": added, "unchanged": len(PERMISSIONS) - added}
