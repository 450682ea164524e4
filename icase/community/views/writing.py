"""Writing: new threads, replies, edits, deletions, "helpful", answers, flags and follows.
The rules are in services.py; these views check who may act, then call it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from cms.models import Theme

from .. import memberships, services, visibility
from ..forms import FlagForm, PostForm, ThreadForm
from ..models import Post
from ..starting_points import starting_point
from .common import _back, _category_or_404, _id_param, _post_or_404, _thread_or_404


def _preview(request, form):
    """The post as it will look, when the member pressed Preview with a valid message (nothing is saved).
    Works without JavaScript: the form comes back filled in, with the preview above its button."""
    if request.POST.get("preview"):
        form.is_valid()  # other fields' mistakes show beside the preview
        if "body" in form.cleaned_data:
            return Post.html_for(form.cleaned_data["body"])
    return None


@login_required
def new_thread(request):
    user = request.user
    point = starting_point(
        user, _id_param(request, "page"), _id_param(request, "ask"), request.GET.get("category", "")
    )
    about, pioneer, addressees = point.about, point.pioneer, point.addressees
    form = ThreadForm(request.POST or None, categories=point.categories, initial=point.initial)
    preview = _preview(request, form)
    if request.method == "POST" and preview is None and form.is_valid():
        try:
            created = services.start_thread(
                user,
                form.cleaned_data["category"],
                form.cleaned_data["title"],
                form.cleaned_data["body"],
                page=about,
                addressed_to=[member for member in addressees if member.pk != user.pk],
            )
        except services.PostingRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if created.status == Post.PENDING:
                messages.info(
                    request,
                    "Thank you. New members' first posts are checked by a moderator; yours will appear "
                    "once it is approved, and we will let you know.",
                )
            return redirect(created)
    return TemplateResponse(
        request,
        "community/thread_form.html",
        {"form": form, "about": about, "pioneer": pioneer, "addressees": addressees, "preview": preview},
        status=200 if not form.errors else 400,
    )


@login_required
def reply(request, pk):
    thread = _thread_or_404(request.user, pk)
    reply_to = None
    initial = {}
    quote_id = request.GET.get("quote") or request.POST.get("reply_to")
    if quote_id and quote_id.isdigit():
        reply_to = thread.posts.published().filter(pk=quote_id).first()
        if reply_to and request.method == "GET":
            quoted = "\n".join(f"> {line}" for line in reply_to.raw.strip().splitlines())
            initial["body"] = f"> **{reply_to.author.profile.display_name}** wrote:\n{quoted}\n\n"
    form = PostForm(request.POST or None, initial=initial)
    preview = _preview(request, form)
    if request.method == "POST" and preview is None and form.is_valid():
        try:
            post = services.reply(request.user, thread, form.cleaned_data["body"], reply_to=reply_to)
        except services.PostingRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if post.status == Post.PENDING:
                messages.info(
                    request,
                    "Thank you. New members' first posts are checked by a moderator; your reply will "
                    "appear once it is approved.",
                )
            return redirect(post.get_absolute_url())
    return TemplateResponse(
        request,
        "community/reply_form.html",
        {"form": form, "thread": thread, "reply_to": reply_to, "preview": preview},
        status=200 if not form.errors else 400,
    )


@login_required
def edit_post(request, pk):
    post = _post_or_404(request.user, pk)
    if post.author_id != request.user.pk and not visibility.is_moderator(request.user):
        raise PermissionDenied
    form = PostForm(request.POST or None, initial={"body": post.raw})
    form.fields["body"].label = "Your post"
    preview = _preview(request, form)
    if request.method == "POST" and preview is None and form.is_valid():
        try:
            post = services.edit(request.user, post, form.cleaned_data["body"])
        except services.PostingRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if post.status == Post.PENDING:
                messages.info(request, "Your changes are saved and will appear once a moderator checks them.")
            else:
                messages.success(request, "Your changes are saved.")
            return redirect(post.get_absolute_url())
    return TemplateResponse(
        request,
        "community/edit_form.html",
        {"form": form, "post": post, "thread": post.thread, "preview": preview},
        status=200 if not form.errors else 400,
    )


@login_required
def delete_post(request, pk):
    post = _post_or_404(request.user, pk)
    if post.author_id != request.user.pk and not visibility.is_moderator(request.user):
        raise PermissionDenied
    if request.method == "POST":
        services.delete(request.user, post)
        messages.success(request, "Your post has been deleted.")
        thread = post.thread
        thread.refresh_from_db()
        return redirect(thread if not thread.is_hidden else "community:index")
    return TemplateResponse(request, "community/confirm_delete.html", {"post": post, "thread": post.thread})


@login_required
@require_POST
def helpful(request, pk):
    post = _post_or_404(request.user, pk)
    if post.author_id != request.user.pk:
        services.toggle_helpful(request.user, post)
    return redirect(post.get_absolute_url())


@login_required
@require_POST
def accept_answer(request, pk):
    post = _post_or_404(request.user, pk)
    if request.user.pk != post.thread.author_id and not visibility.is_moderator(request.user):
        raise PermissionDenied
    services.set_answer(request.user, post)
    return redirect(post.get_absolute_url())


@login_required
def flag_post(request, pk):
    post = _post_or_404(request.user, pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.flag(request.user, post, form.cleaned_data["reason"], form.cleaned_data["detail"])
        messages.success(request, "Thank you. A moderator will review this post.")
        return redirect(post.thread)
    return TemplateResponse(
        request,
        "community/flag_form.html",
        {"form": form, "post": post},
        status=200 if not form.errors else 400,
    )


@login_required
@require_POST
def follow(request, kind, key):
    if kind == "thread" and key.isdigit():
        target = {"thread": _thread_or_404(request.user, int(key))}
    elif kind == "category":
        target = {"category": _category_or_404(request.user, key)}
    elif kind == "theme":
        target = {"theme": get_object_or_404(Theme, slug=key)}
    else:
        raise Http404
    if memberships.toggle_follow(request.user, **target):
        messages.success(request, "You are now following this. We will notify you about new posts.")
    else:
        messages.success(request, "You will no longer be notified about this.")
    return _back(request, "community:index")
