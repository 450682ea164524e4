"""Who may see which discussion, post and member: the one rule, used by every surface.

Lists, thread pages, search (results, did-you-mean, autocomplete, related content), the home page,
notifications and emails all ask this module, so a network manager sees in a list exactly what
they see on the page, and a thread moved into a private network disappears everywhere at once.

The rule:
- a published thread in a public category is for everyone;
- a private network's threads are for its approved members, its managers and moderators;
- a thread or post waiting for review is for its author and moderators; hidden ones for moderators;
- contactable members' profiles are for signed-in members;
- inactive accounts are nobody: they see what anonymous visitors see and are sent nothing;
  suspended members can read but are sent nothing until the suspension ends;
- a barrier's full record (icase.exchange) is for signed-in programme members; anonymous
  visitors, search and anything public see only its public summary, once a programme editor
  has approved it; a support request is for its requester, the experts of its theme and
  programme editors.

It imports no model, so models can build their querysets from it without an import cycle; it
reaches memberships through the user's related managers.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

PUBLISHED = "approved"  # the status of a published post, and of a thread whose first post is
REJECTED = "rejected"  # a post a moderator declined to publish
NETWORK_MEMBER = "approved"  # the status of an accepted network membership
MODERATE_PERMISSION = "community.moderate"
BARRIER_SUMMARY_APPROVED = "approved"  # the state of a barrier's public summary once approved
ORGANISE_EVENTS_PERMISSION = "events.organise_events"  # programme editors (cms.roles)

PUBLIC_AUDIENCE = "public"
MEMBERS_AUDIENCE = "members"
MODERATORS_AUDIENCE = "moderators"


def network_token(slug):
    return f"network:{slug}"


def is_signed_in(user):
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_moderator(user):
    return is_signed_in(user) and user.has_perm(MODERATE_PERMISSION)


@dataclass(frozen=True)
class Audience:
    """What one visitor may see, worked out once and passed to every check on a page."""

    signed_in: bool = False
    moderator: bool = False
    user_id: int | None = None
    networks: frozenset = frozenset()  # ids of private networks they belong to or manage
    network_slugs: frozenset = frozenset()
    managed: frozenset = frozenset()  # ids of networks they manage

    def can_view_category(self, category):
        return not category.is_private or self.moderator or category.pk in self.networks


ANONYMOUS = Audience()


# Bumped by every change to who belongs to or manages a network, or to a member's groups
# (icase/community/signals.py), in the process that makes it: an audience kept on a user object
# (one request's) is worked out again after such a change, even within the same request.
_audience_changes = [0]


def audiences_changed(**kwargs):
    _audience_changes[0] += 1


def audience(user):
    """The Audience for `user` (an Audience passes through unchanged), worked out once per
    request: a page asks for it from several places (the header, listings, related threads)."""
    if isinstance(user, Audience):
        return user
    if not is_signed_in(user):
        return ANONYMOUS
    kept = getattr(user, "_icase_audience", None)
    if kept is not None and kept[0] == _audience_changes[0]:
        return kept[1]
    version = _audience_changes[0]
    seen = _audience_of(user)
    user._icase_audience = (version, seen)
    return seen


def _audience_of(user):
    networks, managed = {}, {}
    for pk, slug, manages in _networks_of(user):
        networks[pk] = slug
        if manages:
            managed[pk] = slug
    return Audience(
        signed_in=True,
        moderator=is_moderator(user),
        user_id=user.pk,
        networks=frozenset(networks),
        network_slugs=frozenset(networks.values()),
        managed=frozenset(managed),
    )


def _networks_of(user):
    """(id, slug, manages) of the networks `user` manages or belongs to as an approved member of a
    private one, in one query."""
    categories = user.managed_networks.model.objects
    managers = categories.model.managers.through.objects
    manages = Exists(managers.filter(category_id=OuterRef("pk"), user_id=user.pk))
    belongs = Exists(user.memberships.filter(category_id=OuterRef("pk"), status=NETWORK_MEMBER))
    return (
        categories.annotate(manages=manages)
        .filter(Q(manages=True) | Q(Q(is_private=True) & belongs))
        .values_list("pk", "slug", "manages")
    )


# Categories and networks -----------------------------------------------------------------------


def category_filter(user, prefix=""):
    """A Q over categories (or, with `prefix="category__"`, over what belongs to one)."""
    seen = audience(user)
    if seen.moderator:
        return Q()
    public = Q(**{f"{prefix}is_private": False})
    return public | Q(**{f"{prefix}pk__in": seen.networks}) if seen.networks else public


def can_view_category(user, category):
    return audience(user).can_view_category(category)


def can_manage_network(user, category):
    seen = audience(user)
    return seen.moderator or category.pk in seen.managed


def is_network_member(user, category):
    """An approved member or a manager of `category` (public or private)."""
    seen = audience(user)
    if not seen.signed_in:
        return False
    if category.pk in seen.managed or category.pk in seen.networks:
        return True
    return user.memberships.filter(category=category, status=NETWORK_MEMBER).exists()


# Learning events -------------------------------------------------------------------------------


def can_register_for_event(user, network):
    """Signed-in members may book; an event for one network's members only takes its members."""
    return is_signed_in(user) and (network is None or is_network_member(user, network))


def can_organise_event(user, network):
    """Programme editors organise every event; a network's managers organise its events."""
    if not is_signed_in(user):
        return False
    return user.has_perm(ORGANISE_EVENTS_PERMISSION) or (
        network is not None and network.pk in audience(user).managed
    )


# Threads and posts -----------------------------------------------------------------------------


def published_posts(prefix=""):
    """A Q for posts anyone allowed into their network may read."""
    return Q(
        **{f"{prefix}status": PUBLISHED, f"{prefix}is_hidden": False, f"{prefix}deleted_at__isnull": True}
    )


def listed_threads(prefix=""):
    """A Q for threads shown in lists: published and not hidden."""
    return Q(**{f"{prefix}status": PUBLISHED, f"{prefix}is_hidden": False})


def can_view_thread(user, thread):
    seen = audience(user)
    if seen.moderator:
        return True
    if thread.is_hidden:
        return False
    if thread.status != PUBLISHED and thread.author_id != seen.user_id:
        return False
    return seen.can_view_category(thread.category)


def can_view_post(user, post):
    """Readers see published posts; authors also their own pending ones; moderators everything."""
    seen = audience(user)
    if not can_view_thread(seen, post.thread):
        return False
    if seen.moderator:
        return True
    if post.is_hidden or post.deleted_at is not None:
        return False
    return post.status == PUBLISHED or (post.author_id == seen.user_id and post.status != REJECTED)


def readable_posts(user, prefix=""):
    """A Q for the posts of one thread page: published ones, plus the reader's own pending ones."""
    seen = audience(user)
    if seen.moderator:
        return Q()
    own = Q(**{f"{prefix}author_id": seen.user_id, f"{prefix}is_hidden": False}) & ~Q(
        **{f"{prefix}status": REJECTED}
    )
    return published_posts(prefix) | own if seen.user_id else published_posts(prefix)


# Barriers register -----------------------------------------------------------------------------


def can_view_barrier_record(user):
    """The full record (local detail, evidence, history, progress) is for programme members:
    every active signed-in member of the exchange."""
    return is_signed_in(user)


def barrier_filter(user, prefix=""):
    """A Q over barriers `user` may find: all for members, approved public summaries for others."""
    if can_view_barrier_record(user):
        return Q()
    return Q(**{f"{prefix}public_summary_state": BARRIER_SUMMARY_APPROVED})


def can_view_barrier(user, barrier):
    """May `user` open the barrier at all (members: the record; others: its approved summary)?"""
    return can_view_barrier_record(user) or barrier.public_summary_state == BARRIER_SUMMARY_APPROVED


def support_request_filter(user, *, programme_editor, expert_theme_ids, prefix=""):
    """A Q over support requests `user` may see: their own, those on a theme they are a marked
    expert in, and every one for programme editors (the roles are worked out by the caller)."""
    if not is_signed_in(user):
        return Q(pk__in=[])
    if programme_editor:
        return Q()
    return Q(**{f"{prefix}requester_id": user.pk}) | Q(**{f"{prefix}theme_id__in": expert_theme_ids})


# Search ----------------------------------------------------------------------------------------


def category_tokens(category):
    """The visibility tokens a thread in `category` is indexed with."""
    if not category.is_private:
        return [PUBLIC_AUDIENCE]
    return [network_token(category.slug), MODERATORS_AUDIENCE]


def search_tokens(user):
    """Tokens beyond "public" a visitor's searches may match: member profiles for signed-in
    members, their networks' threads, and every network's for moderators."""
    seen = audience(user)
    if not seen.signed_in:
        return []
    tokens = [MEMBERS_AUDIENCE] + sorted(network_token(slug) for slug in seen.network_slugs)
    return tokens + [MODERATORS_AUDIENCE] if seen.moderator else tokens


# Notifications ---------------------------------------------------------------------------------


def may_see_category_members(category, prefix=""):
    """A Q over users (or, with `prefix="user__"`, over what belongs to one) who may read the
    threads of `category`: everyone for a public one; for a private network its approved members,
    its managers and moderators. For matching alerts in the database instead of user by user."""
    if not category.is_private:
        return Q()
    app_label, codename = MODERATE_PERMISSION.split(".")
    return (
        Q(
            **{
                f"{prefix}memberships__category_id": category.pk,
                f"{prefix}memberships__status": NETWORK_MEMBER,
            }
        )
        | Q(**{f"{prefix}managed_networks": category.pk})
        | Q(**{f"{prefix}is_superuser": True})
        | Q(
            **{
                f"{prefix}groups__permissions__codename": codename,
                f"{prefix}groups__permissions__content_type__app_label": app_label,
            }
        )
        | Q(
            **{
                f"{prefix}user_permissions__codename": codename,
                f"{prefix}user_permissions__content_type__app_label": app_label,
            }
        )
    )


def can_be_notified(user):
    """Only active members who are not suspended are sent notifications or emails."""
    if user is None or not user.is_active:
        return False
    profile = getattr(user, "profile", None)
    until = getattr(profile, "suspended_until", None)
    return not (until and until > timezone.now())


def may_receive(user, thread):
    """May `user` be told about (and shown the title of) `thread` now?"""
    return can_be_notified(user) and can_view_thread(user, thread)


WITHHELD_MESSAGE = "An update about a discussion you can no longer see"


def withhold_unseen(user, notifications):
    """Show notifications as `user` may see them now: one about a post they can no longer see
    (moved into a private network, hidden, deleted) keeps neither its title nor its link."""
    seen = audience(user)
    for notification in notifications:
        if notification.post_id and not can_view_post(seen, notification.post):
            notification.message, notification.url = WITHHELD_MESSAGE, ""
    return notifications
