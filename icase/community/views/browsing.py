"""Reading discussions: the community home, a category or network, a thread, notifications."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from .. import memberships, reading, visibility
from ..forms import PostForm
from ..models import Category, Notification, Thread
from .common import _back, _id_param, _paginate, _thread_or_404

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 30
NOTIFICATIONS_PER_PAGE = 30


def index(request):
    seen = visibility.audience(request.user)
    categories = list(Category.objects.select_related("theme").with_thread_counts(seen))
    for item in categories:
        item.visible = seen.can_view_category(item)
    return TemplateResponse(
        request,
        "community/index.html",
        {
            "theme_categories": [c for c in categories if c.kind == Category.THEME],
            "networks": [c for c in categories if c.kind == Category.NETWORK],
            "latest": Thread.objects.visible_to(seen).for_listing().with_reading_state(request.user)[:10],
        },
    )


def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    seen = visibility.audience(request.user)
    allowed = seen.can_view_category(category)
    threads = (
        category.threads.listed().for_listing().with_reading_state(request.user)
        if allowed
        else Thread.objects.none()
    )
    response = TemplateResponse(
        request,
        "community/category.html",
        {
            "category": category,
            "allowed": allowed,
            "threads": _paginate(request, threads, THREADS_PER_PAGE),
            "membership": memberships.membership_of(request.user, category),
            "is_manager": visibility.can_manage_network(seen, category),
            "following": memberships.is_following(request.user, category=category),
        },
    )
    if category.is_private:  # a private network's pages are never kept by any cache
        patch_cache_control(response, private=True, no_cache=True)
    return response


def thread(request, pk, slug=None):
    thread = _thread_or_404(request.user, pk)
    if slug != thread.slug:
        return redirect(thread, permanent=True)
    user = request.user
    moderator = visibility.is_moderator(user)
    page = _paginate(request, thread.posts.for_thread_page(user), POSTS_PER_PAGE)
    reading.record_visit(user, thread)
    return TemplateResponse(
        request,
        "community/thread.html",
        {
            "thread": thread,
            "posts": page,
            "form": PostForm(),
            "moderator": moderator,
            "is_starter": user.is_authenticated and user.pk == thread.author_id,
            "following": memberships.is_following(user, thread=thread),
            "categories": Category.objects.other_than(thread.category) if moderator else [],
            "first_post_id": thread.first_post_id,
            "thread_actions": [
                ("unlock", "Unlock") if thread.is_locked else ("lock", "Lock"),
                ("unpin", "Unpin") if thread.is_pinned else ("pin", "Pin"),
                ("unhide", "Show again") if thread.is_hidden else ("hide", "Hide discussion"),
            ],
        },
    )


@login_required
def your_discussions(request):
    """Threads the member started or took part in, newest activity first, marked as the lists are."""
    threads = Thread.objects.taken_part_in_by(request.user).for_listing().with_reading_state(request.user)
    return TemplateResponse(
        request,
        "community/your_discussions.html",
        {"threads": _paginate(request, threads, THREADS_PER_PAGE)},
    )


@login_required
def notifications(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(Notification.KIND_CHOICES) else ""
    items = request.user.notifications.for_listing(kind, unread_only=bool(request.GET.get("unread")))
    page = _paginate(request, items, NOTIFICATIONS_PER_PAGE)
    visibility.withhold_unseen(request.user, page)
    return TemplateResponse(
        request,
        "community/notifications.html",
        {
            "notifications": page,
            "kinds": Notification.KIND_CHOICES,
            "kind": kind,
            "unread_only": bool(request.GET.get("unread")),
        },
    )


@login_required
@require_POST
def mark_read(request):
    if not request.POST.get("notification"):
        memberships.mark_read(request.user)
    elif (notification_id := _id_param(request, "notification")) is not None:
        memberships.mark_read(request.user, notification_id)
    return _back(request, "community:notifications")
