"""Every account gets a member profile, so posting and notifications never meet a missing one;
profile theme changes reach the search index like any other profile edit."""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import MemberProfile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="community-profile-for-new-user")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        MemberProfile.for_user(instance)


def reindex_profile(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, MemberProfile):
        from search.indexing import record_change

        record_change(instance)


m2m_changed.connect(
    reindex_profile, sender=MemberProfile.themes.through, dispatch_uid="community-profile-themes"
)
m2m_changed.connect(
    reindex_profile, sender=MemberProfile.expert_themes.through, dispatch_uid="community-profile-experts"
)
