"""Named queries for the community pages, so views ask for "the threads this visitor may see" or
"the posts of this thread page" instead of building ORM filters (djangoproject.com's
`docs/models.py` querysets are the model). Who may see what comes from visibility.py alone."""

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value

from . import visibility


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(visibility.category_filter(user))

    def other_than(self, category):
        """Where a moderator may move a thread from `category`."""
        return self.exclude(pk=category.pk)

    def with_thread_counts(self, user):
        """Categories with the number of threads in each that `user` may see."""
        visible = visibility.listed_threads("threads__") & visibility.category_filter(user)
        return self.annotate(thread_count=Count("threads", filter=visible, distinct=True))


class ThreadQuerySet(models.QuerySet):
    def listed(self):
        """Threads anyone allowed into the category may see."""
        return self.filter(visibility.listed_threads())

    def visible_to(self, user):
        """Listed threads in the categories `user` may see."""
        return self.listed().filter(visibility.category_filter(user, "category__"))

    def for_listing(self):
        """What a list of threads shows, newest activity first (pinned threads lead)."""
        return self.select_related("category", "author__profile", "page").order_by(
            "-is_pinned", "-last_activity_at"
        )

    def with_reading_state(self, user):
        """Adds when `user` last opened each thread (one subquery, no extra query) so the list can
        mark new threads and new replies (`Thread.reading_state`); nothing for anonymous visitors."""
        if not visibility.is_signed_in(user):
            return self
        visits = self.model._meta.get_field("visits").related_model.objects
        return self.annotate(
            seen_at=Subquery(visits.filter(user=user, thread=OuterRef("pk")).values("last_seen_at")[:1]),
            reader_joined_at=Value(user.date_joined, output_field=models.DateTimeField()),
        )

    def taken_part_in_by(self, user):
        """Threads `user` started or posted in and may still see, for "Your discussions": listed
        threads, and their own threads still waiting for a moderator (as the thread page shows them)."""
        seen = visibility.category_filter(user, "category__") & (
            visibility.listed_threads() | Q(author=user, is_hidden=False)
        )
        return self.filter(seen, Q(author=user) | Q(posts__author=user)).distinct()


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts anyone allowed into their network may read."""
        return self.filter(visibility.published_posts())

    def visible_to(self, user):
        """Published posts in threads `user` may see."""
        return self.published().filter(
            visibility.listed_threads("thread__"), visibility.category_filter(user, "thread__category__")
        )

    def for_thread_page(self, user):
        """One thread's posts as `user` reads them, with "helpful" counts and their own marks."""
        posts = (
            self.filter(visibility.readable_posts(user))
            .select_related("author__profile")
            .annotate(helpful=Count("reactions", distinct=True))
            .order_by("created_at", "pk")
        )
        if visibility.is_signed_in(user):
            posts = posts.annotate(
                found_helpful=Count("reactions", filter=Q(reactions__user=user), distinct=True)
            )
        return posts

    def recent_by(self, author, reader, limit=10):
        return (
            self.visible_to(reader)
            .filter(author=author)
            .select_related("thread")
            .order_by("-created_at")[:limit]
        )

    def awaiting_review(self):
        return self.filter(status=self.model.PENDING, deleted_at=None).select_related(
            "thread", "author__profile"
        )

    def flagged(self):
        """Posts with open flags, each with those flags."""
        open_flags = self.model._meta.get_field("flags").related_model.objects.filter(
            resolved_at__isnull=True
        )
        return (
            self.filter(flags__isnull=False, flags__resolved_at__isnull=True)
            .distinct()
            .select_related("thread", "author__profile")
            .prefetch_related(Prefetch("flags", queryset=open_flags))
        )


class MemberProfileQuerySet(models.QuerySet):
    def contactable(self):
        """Members who chose to be contactable: the directory, "Ask the pioneer" and search."""
        return self.filter(contactable=True, user__is_active=True)

    def page_of(self, handle):
        """The active member with this handle, with what their page shows."""
        details = self.select_related("user", "pioneer").prefetch_related("themes", "expert_themes")
        return details.filter(user__username=handle, user__is_active=True)

    def directory(self, theme=(), sector=(), pioneer=(), region=(), experts_only=False, name=""):
        """Contactable members matching the filters; `name` finds members whose name, handle,
        role or organisation holds every word typed, in any order ("smith kent", "nurse")."""
        members = (
            self.contactable().select_related("user", "pioneer").prefetch_related("themes", "expert_themes")
        )
        for word in name.split()[:8]:
            members = members.filter(
                Q(display_name__icontains=word)
                | Q(handle_chosen=True, user__username__icontains=word)
                | Q(role__icontains=word)
                | Q(organisation__icontains=word)
            )
        if theme:
            members = members.filter(Q(themes__slug__in=theme) | Q(expert_themes__slug__in=theme))
        if sector:
            members = members.filter(sector__in=sector)
        if pioneer:
            members = members.filter(pioneer__slug__in=pioneer)
        if region:
            members = members.filter(region__in=region)
        if experts_only:
            members = members.filter(expert_themes__isnull=False)
        return members.distinct().order_by("display_name")


class ModerationLogQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("actor__profile", "thread", "member__profile")


class NotificationQuerySet(models.QuerySet):
    """Bulk writes renew the unread counts of the members they touch (icase/community/unread.py);
    single saves and deletes do it through the model's signals."""

    def update(self, **kwargs):
        from .unread import counts_changed

        counts_changed(self.values_list("user_id", flat=True).distinct())
        return super().update(**kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        from .unread import counts_changed

        objs = super().bulk_create(objs, *args, **kwargs)
        counts_changed(obj.user_id for obj in objs)
        return objs

    def for_listing(self, kind="", unread_only=False):
        items = self.select_related("actor__profile", "post__thread__category")
        if kind:
            items = items.filter(kind=kind)
        return items.filter(read_at__isnull=True) if unread_only else items

    def unread(self):
        return self.filter(read_at__isnull=True)
