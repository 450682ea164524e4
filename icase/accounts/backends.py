"""Django's model backend, reading a member's permissions in one query instead of two.

Every signed-in page asks at least once (Wagtail's user bar checks admin access), and Django reads
the member's own permissions and their groups' permissions separately. The rule is unchanged: the
same permissions, inactive members have none, superusers have all; the set is kept on the user
object for the rest of the request, as Django does (the next request reads it afresh, so a change
of role takes effect at once). The set is kept under Django's own attribute, so allauth's backend
(a ModelBackend too, listed after this one) reuses it instead of asking again.
"""

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Permission
from django.db.models import Q


class ModelBackend(DjangoModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            permissions = Permission.objects.all()
            if not user_obj.is_superuser:
                permissions = permissions.filter(Q(user=user_obj) | Q(group__user=user_obj))
            user_obj._perm_cache = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list("content_type__app_label", "codename")
            }
        return user_obj._perm_cache
