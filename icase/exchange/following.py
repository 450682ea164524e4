"""Following the register: one barrier, or a filtered list of barriers.

Both are for members who may read the full record, and both end in the same on-site
notification (and email, as each member chose for notifications): `tell_followers` is called at
every change the register makes (raised, a status change, a pioneer affected too, a progress
update, a document added, the public summary published). Its audience is the barrier's followers
plus the members following a list the barrier is now in, each told once however many of their
follows match. A list follow is matched with the list's own rule (forms.barrier_meets), once per
distinct list, so the cost follows the number of different lists followed, not of followers.
"""

import hashlib
import json

from django.contrib.auth import get_user_model

from icase.community import services as community
from icase.community import visibility
from icase.community.models import Notification

from .forms import BarrierFilterForm, barrier_meets
from .models import BarrierFollow, BarrierListFollow
from .refusals import Refused


def _may_follow(user):
    if not visibility.can_view_barrier_record(user):
        raise Refused("Sign in as a member to follow barriers.")


def follow(user, barrier, wanted):
    """Start or stop following `barrier`; members who may read its full record only."""
    _may_follow(user)
    if wanted:
        BarrierFollow.objects.get_or_create(barrier=barrier, user=user)
    else:
        BarrierFollow.objects.filter(barrier=barrier, user=user).delete()


def is_following(user, barrier):
    return user.is_authenticated and BarrierFollow.objects.filter(barrier=barrier, user=user).exists()


def list_key(filters):
    return hashlib.sha256(json.dumps(filters, sort_keys=True).encode()).hexdigest()


def list_filters(params):
    """The valid filters in `params` (the list page's query string or the follow form), as the
    list reads them, with the form that read them (for labels)."""
    form = BarrierFilterForm(params, members=True)
    return form.chosen(), form


def follow_list(user, params, wanted):
    """Start or stop following the list `params` filters; returns the follow (unsaved when it
    was stopped), for its label and the list's address."""
    _may_follow(user)
    filters, form = list_filters(params)
    key = list_key(filters)
    if not wanted:
        BarrierListFollow.objects.filter(user=user, key=key).delete()
        return BarrierListFollow(user=user, filters=filters, label=form.describe(filters)[:300], key=key)
    follow, _ = BarrierListFollow.objects.get_or_create(
        user=user, key=key, defaults={"filters": filters, "label": form.describe(filters)[:300]}
    )
    return follow


def list_follow_for(user, filters):
    """The member's follow of the list `filters` shows, or None."""
    if not visibility.can_view_barrier_record(user):
        return None
    return BarrierListFollow.objects.filter(user=user, key=list_key(filters)).first()


def list_follower_ids(barrier):
    """Members following a list `barrier` is in (one check per distinct list)."""
    lists = {}
    for key, filters, user_id in BarrierListFollow.objects.filter(user__is_active=True).values_list(
        "key", "filters", "user_id"
    ):
        lists.setdefault(key, (filters, set()))[1].add(user_id)
    ids = set()
    for filters, user_ids in lists.values():
        if barrier_meets(barrier, filters):
            ids |= user_ids
    return ids


def tell_followers(barrier, actor, what, *, besides_raiser=False):
    """An on-site notification (and email, as each follower chose) for everyone following
    `barrier` or a list it is in, but the member who did it; `besides_raiser` leaves out its
    raiser, who is emailed about status changes already."""
    direct = BarrierFollow.objects.filter(barrier=barrier).values_list("user_id", flat=True)
    audience = set(direct) | list_follower_ids(barrier)
    audience.discard(getattr(actor, "pk", None))
    if besides_raiser:
        audience.discard(barrier.raised_by_id)
    followers = get_user_model().objects.filter(pk__in=audience, is_active=True)
    followers = [
        user for user in followers.select_related("profile") if visibility.can_view_barrier(user, barrier)
    ]
    community.notify(
        followers,
        Notification.BARRIER,
        f"{barrier.title}: {what}",
        actor=actor,
        url=barrier.get_absolute_url(),
    )
