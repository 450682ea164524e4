"""Recording sensitive actions in the audit log (models.AuditEvent).

Role changes are caught where they happen to the database, group membership (`m2m_changed` on
the user's groups), so `manage.py assign_role`, the Wagtail admin's user and group screens and
any future path are all recorded. The request's member is the actor: AuditActorMiddleware keeps
it for the length of a request; outside one (a management command) the actor is empty.
"""

from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed

from .models import AuditEvent

_current_actor = ContextVar("audit_actor", default=None)


def record(action, *, actor=None, subject=None, detail=""):
    """Append one event. `actor` and `subject` are users or account numbers; `actor` defaults to
    the member making the current request."""
    if actor is None:
        actor = _current_actor.get()
    return AuditEvent.objects.create(
        action=action,
        actor_id=getattr(actor, "pk", actor),
        subject_id=getattr(subject, "pk", subject),
        detail=detail[:300],
    )


class AuditActorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        token = _current_actor.set(user if user is not None and user.is_authenticated else None)
        try:
            return self.get_response(request)
        finally:
            _current_actor.reset(token)


def can_use_admin(user):
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def on_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    event = AuditEvent.ROLE_ADDED if action == "post_add" else AuditEvent.ROLE_REMOVED
    if reverse:  # group.user_set.add(user, ...)
        pairs = [(user_pk, instance.name) for user_pk in sorted(pk_set)]
    else:  # user.groups.add(group, ...)
        names = Group.objects.filter(pk__in=pk_set).order_by("name").values_list("name", flat=True)
        pairs = [(instance.pk, name) for name in names]
    for user_pk, group_name in pairs:
        record(event, subject=user_pk, detail=group_name)


def on_signed_in(sender, request, user, **kwargs):
    if can_use_admin(user):
        record(AuditEvent.ADMIN_SIGN_IN, actor=user, subject=user)


def connect_signals():
    m2m_changed.connect(
        on_groups_changed, sender=get_user_model().groups.through, dispatch_uid="audit-groups"
    )
    user_logged_in.connect(on_signed_in, dispatch_uid="audit-sign-in")
