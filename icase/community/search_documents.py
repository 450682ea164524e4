"""Discussion threads and member profiles in the site search. Each is indexed with the visibility
tokens of who may see it (visibility.py), so a private network's thread only ever comes back to
its members, managers and moderators, and profiles only to signed-in members."""

from django.db.models import Count, Max, Q
from django.utils.html import strip_tags

from search.documents import SearchDocument, register, registry

from . import visibility
from .models import MemberProfile, Thread


@register
class ThreadDocument(SearchDocument):
    model = Thread
    type = "discussion"
    type_label = "Discussion"
    type_words = ("discussion", "discussions", "forum", "forums", "thread", "threads", "conversation")

    def get_queryset(self):
        return Thread.objects.listed().select_related("category__theme", "author__profile")

    def document_id(self, obj):
        return f"thread-{obj.pk}"

    def revision(self, thread):
        """Changes with any post published, edited, hidden or deleted, and with a move (the
        category's visibility is compared separately, see documents.fingerprint)."""
        posts = thread.posts.aggregate(
            edited=Max("edited_at"),
            deleted=Max("deleted_at"),
            hidden=Count("pk", filter=Q(is_hidden=True)),
            published=Count("pk", filter=visibility.published_posts()),
        )
        parts = (thread.title, thread.last_activity_at, *posts.values(), thread.category_id)
        return "|".join(str(part) for part in parts)

    def fields(self, thread):
        posts = thread.posts.published()
        texts = [" ".join(strip_tags(post.html).split()) for post in posts]
        theme = thread.category.theme
        return {
            "url": thread.get_absolute_url(),
            "summary": texts[0][:400] if texts else "",
            "body": " ".join(texts[1:]),
            "themes": [theme.slug] if theme else [],
            "theme_names": [theme.name] if theme else [thread.category.name],
            "visibility": thread.category.visibility_tokens,
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
    type_words = ("member", "members")

    def get_queryset(self):
        return (
            MemberProfile.objects.contactable()
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
            "visibility": [visibility.MEMBERS_AUDIENCE],
        }


registry.register_audience(visibility.search_tokens)
