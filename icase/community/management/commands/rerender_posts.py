from django.core.management.base import BaseCommand

from icase.community.markup import POLICY_VERSION
from icase.community.models import Post


class Command(BaseCommand):
    help = "Re-render posts from their raw Markdown under the current sanitiser policy."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Re-render every post, not only outdated ones."
        )

    def handle(self, *args, **options):
        posts = Post.objects.all() if options["all"] else Post.objects.exclude(policy_version=POLICY_VERSION)
        count = 0
        for post in posts.iterator(chunk_size=500):
            post.render()
            Post.objects.filter(pk=post.pk).update(html=post.html, policy_version=post.policy_version)
            count += 1
        self.stdout.write(f"Re-rendered {count} posts under sanitiser policy {POLICY_VERSION}.")
