"""Who may act on the barriers register (who may see is icase.community.visibility).

- programme editors (the "Programme editors" group, or superusers) review, escalate, resolve and
  approve public summaries;
- a pioneer's editors (its "Pioneer editors: …" group) and members whose profile says they work in
  or with a pioneer raise barriers for it, post progress updates on its barriers and say that
  another pioneer's barrier affects them too;
- everyone else signed in reads; anonymous visitors see approved public summaries only.
"""

from cms.models import PioneerSpace
from cms.roles import PROGRAMME_EDITORS
from icase.community.visibility import is_signed_in


def is_programme_editor(user):
    if not is_signed_in(user):
        return False
    return user.is_superuser or user.groups.filter(name=PROGRAMME_EDITORS).exists()


def edited_pioneer_ids(user):
    """The pioneers whose editors' group `user` belongs to."""
    if not is_signed_in(user):
        return set()
    return set(PioneerSpace.objects.filter(group__user=user).values_list("pioneer_id", flat=True))


def pioneer_ids(user):
    """The pioneers `user` acts for: those they edit, and the one their profile names."""
    if not is_signed_in(user):
        return set()
    ids = edited_pioneer_ids(user)
    profile = getattr(user, "profile", None)
    if profile is not None and profile.pioneer_id:
        ids.add(profile.pioneer_id)
    return ids


def can_raise(user):
    return bool(pioneer_ids(user))


def can_change_status(user, barrier):
    """Programme editors move barriers along; the raising pioneer may reopen a dormant one."""
    if is_programme_editor(user):
        return True
    return barrier.status == barrier.DORMANT and barrier.pioneer_id in pioneer_ids(user)


def can_post_update(user, barrier):
    return is_programme_editor(user) or barrier.pioneer_id in pioneer_ids(user)


def pioneers_to_add(user, barrier, already):
    """Pioneer ids `user` may add as "affects us too": theirs, but not the raising one or one
    already added."""
    return pioneer_ids(user) - {barrier.pioneer_id} - set(already)


def can_write_summary(user, barrier):
    return can_post_update(user, barrier)


def can_export(user):
    """CSV export is for editors: programme editors and pioneer editors."""
    return is_programme_editor(user) or bool(edited_pioneer_ids(user))


def can_add_evidence(user, barrier):
    """Programme editors, and the pioneers the barrier affects: the raising one and those that
    said it affects them too."""
    if is_programme_editor(user):
        return True
    mine = pioneer_ids(user)
    if not mine:
        return False
    if barrier.pioneer_id in mine:
        return True
    return barrier.affected.filter(pioneer_id__in=mine).exists()
