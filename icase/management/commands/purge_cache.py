from django.conf import settings
from django.core.management.base import BaseCommand

from wagtail.models import Page

from cms.generation import bump_content_generation


class Command(BaseCommand):
    help = (
        "Make every cached page out of date at once: the site's own response cache (a new content "
        "generation) and, when WAGTAILFRONTENDCACHE is configured, every live page's URLs in the CDN."
    )

    def handle(self, *args, **options):
        bump_content_generation()
        self.stdout.write("Response cache purged: every page renders afresh on its next request.")
        if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
            return
        from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

        pages = Page.objects.live().public().specific()
        purge_pages_from_cache(pages)
        self.stdout.write(f"Asked the frontend cache (CDN) to purge the URLs of {pages.count()} live pages.")
