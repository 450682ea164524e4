"""Discussion threads in the site search. A thread in a private network is indexed with that
network's visibility token, so only its members (and moderators) ever get it back."""

from django.db.models import Count, Max, Q
from django.utils.html import strip_tags

from search.documents import SearchDocument, register, registry

from .models import Category, Post, Thread


@register
class ThreadDocument(SearchDocument):
    model = Thread
    type = "discussion"
    type_label = "Discussion"

    def get_queryset(self):
        return Thread.objects.listed().select_related("category__theme", "author__profile")

    def document_id(self, obj):
        return f"thread-{obj.pk}"

    def revision(self, thread):
        posts = thread.posts.aggregate(latest=Max("edited_at"), hidden=Count("pk", filter=Q(is_hidden=True)))
        return "|".join(
            str(part)
            for part in (thread.last_activity_at, posts["latest"], posts["hidden"], thread.category_id)
        )

    def search_database(self, query):
        words = query.split()[:8]
        matches = Q()
        for word in words:
            matches &= Q(title__icontains=word) | Q(posts__raw__icontains=word)
        return self.get_queryset().filter(matches).distinct()[:50]

    def fields(self, thread):
        posts = thread.posts.filter(status=Post.APPROVED, is_hidden=False, deleted_at__isnull=True)
        texts = [" ".join(strip_tags(post.html).split()) for post in posts]
        theme = thread.category.theme
        return {
            "url": thread.get_absolute_url(),
            "summary": texts[0][:400] if texts else "",
            "body": " ".join(texts[1:]),
            "themes": [theme.slug] if theme else [],
            "theme_names": [theme.name] if theme else [thread.category.name],
            "visibility": [thread.category.visibility_token],
            "published_at": thread.created_at.isoformat(),
            "popularity": thread.reply_count,
        }


def visibility_for(user):
    """The private networks a member belongs to, as visibility tokens; moderators see them all."""
    if not user.is_authenticated:
        return []
    networks = Category.objects.filter(is_private=True)
    if not user.has_perm("community.moderate"):
        networks = networks.filter(memberships__user=user, memberships__status="approved")
    return [category.visibility_token for category in networks]


registry.register_audience(visibility_for)
