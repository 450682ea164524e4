"""Moderation: the review queue, actions on posts, threads and members, post history and the log.
Only discussion moderators reach these views."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from .. import services, visibility
from ..forms import SuspendForm
from ..models import Category, Flag, ModerationLog, Post, Thread
from .common import _back, _id_param, _paginate, _post_or_404, moderator_required

POST_ACTION_DONE = {
    "approve": "The post is approved and published. Its author has been told.",
    "reject": "The post is rejected and will not be published. Its author has been told.",
    "hide": "The post is hidden from everyone but moderators.",
    "restore": "The post is visible again.",
    "dismiss": "The reports on this post are dismissed; it stays as it was.",
}
THREAD_ACTION_DONE = {
    "lock": "The discussion is locked: no one can reply.",
    "unlock": "The discussion is unlocked: members can reply again.",
    "pin": "The discussion is pinned to the top of its category.",
    "unpin": "The discussion is no longer pinned.",
    "hide": "The discussion is hidden from everyone but moderators.",
    "unhide": "The discussion is visible again.",
    "move": "The discussion has moved to {category}.",
}


@login_required
def post_history(request, pk):
    post = _post_or_404(request.user, pk)
    if not visibility.is_moderator(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "community/post_history.html",
        {"post": post, "revisions": post.revisions.select_related("edited_by__profile")},
    )


@moderator_required
def moderation_queue(request):
    return TemplateResponse(
        request,
        "community/moderation_queue.html",
        {
            "pending": Post.objects.awaiting_review(),
            "flagged": Post.objects.flagged(),
            "reasons": dict(Flag.REASON_CHOICES),
        },
    )


@moderator_required
@require_POST
def moderate_post(request, pk, action):
    post = get_object_or_404(Post, pk=pk)
    if action not in POST_ACTION_DONE:
        raise Http404
    services.moderate_post(request.user, post, action, request.POST.get("reason", ""))
    messages.success(request, POST_ACTION_DONE[action])
    return _back(request, "community:moderation")


@moderator_required
@require_POST
def moderate_thread(request, pk, action):
    thread = get_object_or_404(Thread, pk=pk)
    if action not in THREAD_ACTION_DONE:
        raise Http404
    destination = None
    if action == "move":
        destination = get_object_or_404(Category, pk=_id_param(request, "category"))
    services.moderate_thread(
        request.user, thread, action, request.POST.get("reason", ""), category=destination
    )
    messages.success(request, THREAD_ACTION_DONE[action].format(category=destination))
    return redirect(thread)


@moderator_required
@require_POST
def suspend_member(request, username):
    member = get_object_or_404(get_user_model(), username=username)
    form = SuspendForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a period and give a reason.")
        return redirect("community:member", username=username)
    services.suspend(request.user, member, form.cleaned_data["days"], form.cleaned_data["reason"])
    messages.success(request, "Suspension updated.")
    return redirect("community:member", username=username)


@moderator_required
def moderation_log(request):
    entries = ModerationLog.objects.for_listing()
    return TemplateResponse(
        request, "community/moderation_log.html", {"entries": _paginate(request, entries, 50)}
    )
