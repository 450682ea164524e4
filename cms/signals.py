"""Keep the editorial set-up in step with the page tree."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import page_published, post_page_move

from .models import CaseStudyPage, PioneerProfilePage
from .roles import ensure_pioneer_space
from .stories import release_story_media


@receiver(post_save, sender=PioneerProfilePage, dispatch_uid="cms-pioneer-space")
def create_pioneer_space(sender, instance, created, raw=False, **kwargs):
    """A new pioneer gets its editors' group and media collection straight away."""
    if created and not raw:
        ensure_pioneer_space(instance)


@receiver(post_page_move, dispatch_uid="cms-case-study-pioneer")
def follow_moved_case_study(sender, instance, parent_page_after, **kwargs):
    """A case study moved into another pioneer's subtree belongs to that pioneer."""
    if issubclass(instance.specific_class, CaseStudyPage):
        CaseStudyPage.objects.filter(pk=instance.pk).update(pioneer_id=parent_page_after.pk)


@receiver(page_published, dispatch_uid="cms-story-media-released")
def release_published_story_media(sender, instance, **kwargs):
    """However a case study is published (review approval, an editor, the scheduler), the files
    sent in with it stop being private."""
    if isinstance(instance, CaseStudyPage):
        release_story_media(instance)
