"""Discussion threads in the site search. A thread in a private network is indexed with that
network's visibility token, so only its members (and moderators) ever get it back."""

from django.db.models import Count, Max, Q
from django.utils.html import strip_tags

from search.documents import SearchDocument, register, registry

from .models import Category, MemberProfile, Post, Thread


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


@register
class MemberDocument(SearchDocument):
    """Members who chose to be contactable, findable by signed-in members only (the "members"
    token), the same people the member directory lists."""

    model = MemberProfile
    type = "member"
    type_label = "Member"

    def get_queryset(self):
        return (
            MemberProfile.objects.filter(contactable=True, user__is_active=True)
            .select_related("user", "pioneer")
            .prefetch_related("themes", "expert_themes")
        )

    def document_id(self, obj):
        return f"member-{obj.pk}"

    def revision(self, profile):
        themes = ",".join(
            sorted({theme.slug for theme in [*profile.themes.all(), *profile.expert_themes.all()]})
        )
        return "|".join([profile.display_name, profile.role, profile.organisation, profile.bio, themes])

    def search_database(self, query):
        matches = Q()
        for word in query.split()[:8]:
            matches &= (
                Q(display_name__icontains=word)
                | Q(organisation__icontains=word)
                | Q(role__icontains=word)
                | Q(bio__icontains=word)
            )
        return self.get_queryset().filter(matches)[:50]

    def fields(self, profile):
        themes = list(
            {theme.pk: theme for theme in [*profile.expert_themes.all(), *profile.themes.all()]}.values()
        )
        experts = [theme.name for theme in profile.expert_themes.all()]
        return {
            "url": profile.get_absolute_url(),
            "title": profile.display_name,
            "summary": " · ".join(filter(None, [profile.role, profile.organisation]))
            + (f". Expert in {', '.join(experts)}." if experts else ""),
            "body": profile.bio,
            "themes": [theme.slug for theme in themes],
            "theme_names": [theme.name for theme in themes],
            "pioneer": profile.pioneer.slug if profile.pioneer else None,
            "pioneer_name": profile.pioneer.title if profile.pioneer else "",
            "region": profile.region or None,
            "visibility": ["members"],
        }


def visibility_for(user):
    """Signed-in members see member profiles and the private networks they belong to; moderators
    see every network."""
    if not user.is_authenticated:
        return []
    networks = Category.objects.filter(is_private=True)
    if not user.has_perm("community.moderate"):
        networks = networks.filter(memberships__user=user, memberships__status="approved")
    return ["members", *(category.visibility_token for category in networks)]


registry.register_audience(visibility_for)
