"""Every account gets a member profile, so posting and notifications never meet a missing one."""

from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import MemberProfile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="community-profile-for-new-user")
def create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        MemberProfile.for_user(instance)
