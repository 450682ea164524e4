"""Discussion, member directory, notifications and moderation pages. Rules live in services.py;
these views check who may do what, then render. Private networks answer 404 to outsiders so their
thread titles never leak."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from wagtail.models import Page

from cms.listing import FilterOption
from cms.models import PioneerProfilePage, Theme

from . import services, visibility
from .forms import FlagForm, PostForm, ProfileForm, SuspendForm, ThreadForm
from .models import (
    Category,
    Flag,
    Follow,
    MemberProfile,
    ModerationLog,
    NetworkMembership,
    Notification,
    Post,
    Reaction,
    Thread,
)

THREADS_PER_PAGE = 20
POSTS_PER_PAGE = 30
MEMBERS_PER_PAGE = 24


def moderator_required(view):
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if not visibility.is_moderator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _category_or_404(user, slug):
    category = get_object_or_404(Category, slug=slug)
    if not visibility.can_view_category(user, category):
        raise Http404
    return category


def _thread_or_404(user, pk):
    thread = get_object_or_404(Thread.objects.select_related("category", "page"), pk=pk)
    if not thread.can_view(user):
        raise Http404
    return thread


def _post_or_404(user, pk):
    post = get_object_or_404(Post.objects.select_related("thread__category", "author"), pk=pk)
    if not visibility.can_view_post(user, post):
        raise Http404
    return post


def _thread_list(threads):
    return threads.select_related("category", "author__profile", "page").order_by(
        "-is_pinned", "-last_activity_at"
    )


def _id_param(request, name):
    value = request.POST.get(name) or request.GET.get(name) or ""
    return int(value) if value.isdigit() and len(value) < 12 else None


def _back(request, fallback):
    """Redirect to the form's `next` when it is a path on this site, never elsewhere."""
    target = request.POST.get("next", "")
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe else fallback)


def _without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _paginate(request, items, per_page):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


# Browsing ------------------------------------------------------------------------------------


def index(request):
    seen = visibility.audience(request.user)
    visible = Thread.objects.visible_to(seen)
    categories = list(
        Category.objects.annotate(
            thread_count=Count("threads", filter=Q(threads__in=visible.values("pk")), distinct=True)
        )
    )
    for item in categories:
        item.visible = seen.can_view_category(item)
    return TemplateResponse(
        request,
        "community/index.html",
        {
            "theme_categories": [c for c in categories if c.kind == Category.THEME],
            "networks": [c for c in categories if c.kind == Category.NETWORK],
            "latest": _thread_list(visible)[:10],
        },
    )


def category(request, slug):
    category = get_object_or_404(Category, slug=slug)
    seen = visibility.audience(request.user)
    allowed = seen.can_view_category(category)
    threads = _thread_list(category.threads.listed()) if allowed else Thread.objects.none()
    membership = None
    if request.user.is_authenticated and category.is_private:
        membership = category.memberships.filter(user=request.user).first()
    return TemplateResponse(
        request,
        "community/category.html",
        {
            "category": category,
            "allowed": allowed,
            "threads": _paginate(request, threads, THREADS_PER_PAGE),
            "membership": membership,
            "is_manager": visibility.can_manage_network(seen, category),
            "following": request.user.is_authenticated
            and Follow.objects.filter(user=request.user, category=category).exists(),
        },
    )


def thread(request, pk, slug=None):
    thread = _thread_or_404(request.user, pk)
    if slug != thread.slug:
        return redirect(thread, permanent=True)
    user = request.user
    moderator = visibility.is_moderator(user)
    posts = (
        thread.posts.select_related("author__profile")
        .annotate(helpful=Count("reactions"))
        .order_by("created_at", "pk")
    )
    if user.is_authenticated:
        posts = posts.annotate(
            found_helpful=Exists(Reaction.objects.filter(post=OuterRef("pk"), user=user)),
        )
    posts = posts.filter(visibility.readable_posts(user))
    page = _paginate(request, posts, POSTS_PER_PAGE)
    return TemplateResponse(
        request,
        "community/thread.html",
        {
            "thread": thread,
            "posts": page,
            "form": PostForm(),
            "moderator": moderator,
            "is_starter": user.is_authenticated and user.pk == thread.author_id,
            "following": user.is_authenticated and Follow.objects.filter(user=user, thread=thread).exists(),
            "categories": Category.objects.exclude(pk=thread.category_id) if moderator else [],
            "first_post_id": thread.posts.order_by("created_at", "pk").values_list("pk", flat=True).first(),
            "thread_actions": [
                ("unlock", "Unlock") if thread.is_locked else ("lock", "Lock"),
                ("unpin", "Unpin") if thread.is_pinned else ("pin", "Pin"),
                ("unhide", "Show again") if thread.is_hidden else ("hide", "Hide discussion"),
            ],
        },
    )


# Writing -------------------------------------------------------------------------------------


@login_required
def new_thread(request):
    user = request.user
    categories = Category.objects.filter(visibility.category_filter(user)).order_by(
        "kind", "sort_order", "name"
    )
    about_id, pioneer_id = _id_param(request, "page"), _id_param(request, "ask")
    about = Page.objects.live().public().filter(pk=about_id).specific().first() if about_id else None
    pioneer = PioneerProfilePage.objects.live().public().filter(pk=pioneer_id).first() if pioneer_id else None
    addressees = (
        list(
            get_user_model().objects.filter(
                profile__pioneer=pioneer, profile__contactable=True, is_active=True
            )
        )
        if pioneer
        else []
    )
    initial = {}
    if pioneer:
        initial["category"] = Category.objects.filter(slug="ask-a-pioneer").first()
    elif request.GET.get("category"):
        initial["category"] = categories.filter(slug=request.GET["category"]).first()
    elif about is not None and getattr(about, "themes", None) is not None:
        theme = about.themes.first()
        initial["category"] = categories.filter(theme=theme).first() if theme else None
    form = ThreadForm(request.POST or None, categories=categories, initial=initial)
    if request.method == "POST" and form.is_valid():
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
        {"form": form, "about": about, "pioneer": pioneer, "addressees": addressees},
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
    if request.method == "POST" and form.is_valid():
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
        {"form": form, "thread": thread, "reply_to": reply_to},
        status=200 if not form.errors else 400,
    )


@login_required
def edit_post(request, pk):
    post = _post_or_404(request.user, pk)
    if post.author_id != request.user.pk and not visibility.is_moderator(request.user):
        raise PermissionDenied
    form = PostForm(request.POST or None, initial={"body": post.raw})
    form.fields["body"].label = "Your post"
    if request.method == "POST" and form.is_valid():
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
        {"form": form, "post": post, "thread": post.thread},
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
def post_history(request, pk):
    post = _post_or_404(request.user, pk)
    if not visibility.is_moderator(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "community/post_history.html",
        {"post": post, "revisions": post.revisions.select_related("edited_by__profile")},
    )


# Following and networks ----------------------------------------------------------------------


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
    existing = Follow.objects.filter(user=request.user, **target)
    if existing.exists():
        existing.delete()
        messages.success(request, "You will no longer be notified about this.")
    else:
        Follow.objects.create(user=request.user, **target)
        messages.success(request, "You are now following this. We will notify you about new posts.")
    return _back(request, "community:index")


@login_required
@require_POST
def join_network(request, slug):
    category = get_object_or_404(Category, slug=slug, is_private=True)
    membership, created = NetworkMembership.objects.get_or_create(category=category, user=request.user)
    if created:
        services.notify(
            category.managers.all(),
            Notification.MEMBERSHIP,
            f"{MemberProfile.for_user(request.user).display_name} asked to join {category.name}",
            url=f"/community/c/{category.slug}/members/",
            actor=request.user,
        )
    messages.success(request, f"Your request to join {category.name} has been sent to its managers.")
    return redirect(category)


@login_required
def network_members(request, slug):
    category = get_object_or_404(Category, slug=slug, is_private=True)
    if not visibility.can_manage_network(request.user, category):
        raise PermissionDenied
    if request.method == "POST":
        membership = get_object_or_404(category.memberships, pk=_id_param(request, "membership"))
        approve = request.POST.get("decision") == "approve"
        membership.status = NetworkMembership.APPROVED if approve else NetworkMembership.DECLINED
        membership.decided_at, membership.decided_by = timezone.now(), request.user
        membership.save()
        services.log(request.user, f"network-{'approve' if approve else 'decline'}", member=membership.user)
        services.notify(
            [membership.user],
            Notification.MEMBERSHIP,
            f"Your request to join {category.name} was {'approved' if approve else 'declined'}",
            url=category.get_absolute_url(),
            actor=request.user,
        )
        return redirect("community:network_members", slug=slug)
    return TemplateResponse(
        request,
        "community/network_members.html",
        {"category": category, "memberships": category.memberships.select_related("user__profile")},
    )


# Notifications -------------------------------------------------------------------------------


@login_required
def notifications(request):
    items = request.user.notifications.select_related("actor__profile", "post__thread__category")
    kind = request.GET.get("kind", "")
    if kind in dict(Notification.KIND_CHOICES):
        items = items.filter(kind=kind)
    if request.GET.get("unread"):
        items = items.filter(read_at__isnull=True)
    page = _paginate(request, items, 30)
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
    items = request.user.notifications.filter(read_at__isnull=True)
    if request.POST.get("notification"):
        items = items.filter(pk=_id_param(request, "notification"))
    items.update(read_at=timezone.now())
    return _back(request, "community:notifications")


# Members -------------------------------------------------------------------------------------


def _options(name, legend, choices, filters):
    options = [FilterOption(value, label, selected=value in filters[name]) for value, label in choices]
    return {"name": name, "legend": legend, "options": options}


@login_required
def directory(request):
    """Members who chose to be contactable; only signed-in members can browse it."""
    members = (
        MemberProfile.objects.filter(contactable=True, user__is_active=True)
        .select_related("user", "pioneer")
        .prefetch_related("themes", "expert_themes")
    )
    filters = {
        "theme": request.GET.getlist("theme"),
        "sector": request.GET.getlist("sector"),
        "pioneer": request.GET.getlist("pioneer"),
        "region": request.GET.getlist("region"),
    }
    if filters["theme"]:
        members = members.filter(
            Q(themes__slug__in=filters["theme"]) | Q(expert_themes__slug__in=filters["theme"])
        )
    if filters["sector"]:
        members = members.filter(sector__in=filters["sector"])
    if filters["pioneer"]:
        members = members.filter(pioneer__slug__in=filters["pioneer"])
    if filters["region"]:
        members = members.filter(region__in=filters["region"])
    if request.GET.get("experts"):
        members = members.filter(expert_themes__isnull=False)
    members = members.distinct().order_by("display_name")
    return TemplateResponse(
        request,
        "community/directory.html",
        {
            "members": _paginate(request, members, MEMBERS_PER_PAGE),
            "filter_groups": [
                _options("theme", "Theme", [(t.slug, t.name) for t in Theme.objects.all()], filters),
                _options("sector", "Sector", MemberProfile.SECTOR_CHOICES, filters),
                _options(
                    "pioneer",
                    "Pioneer",
                    [(p.slug, p.title) for p in PioneerProfilePage.objects.live().order_by("title")],
                    filters,
                ),
                _options("region", "Region", MemberProfile.REGION_CHOICES, filters),
            ],
            "experts_only": bool(request.GET.get("experts")),
            "querystring": _without_page(request),
        },
    )


@login_required
def member(request, username):
    profile = get_object_or_404(
        MemberProfile.objects.select_related("user", "pioneer").prefetch_related("themes", "expert_themes"),
        user__username=username,
        user__is_active=True,
    )
    is_self = profile.user_id == request.user.pk
    if not (profile.contactable or is_self or visibility.is_moderator(request.user)):
        raise Http404
    recent = (
        Post.objects.visible_to(request.user)
        .filter(author=profile.user)
        .select_related("thread")
        .order_by("-created_at")[:10]
    )
    return TemplateResponse(
        request,
        "community/member.html",
        {
            "profile": profile,
            "recent_posts": recent,
            "is_self": is_self,
            "moderator": visibility.is_moderator(request.user),
            "suspend_form": SuspendForm() if visibility.is_moderator(request.user) else None,
        },
    )


@login_required
def edit_profile(request):
    profile = MemberProfile.for_user(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("community:profile")
    return TemplateResponse(
        request,
        "community/profile_form.html",
        {"form": form, "profile": profile},
        status=200 if not form.errors else 400,
    )


# Moderation ----------------------------------------------------------------------------------


@moderator_required
def moderation_queue(request):
    pending = Post.objects.filter(status=Post.PENDING, deleted_at=None).select_related(
        "thread", "author__profile"
    )
    flagged = (
        Post.objects.filter(flags__resolved_at__isnull=True)
        .distinct()
        .select_related("thread", "author__profile")
        .prefetch_related(Prefetch("flags", queryset=Flag.objects.filter(resolved_at__isnull=True)))
    )
    return TemplateResponse(
        request,
        "community/moderation_queue.html",
        {"pending": pending, "flagged": flagged, "reasons": dict(Flag.REASON_CHOICES)},
    )


@moderator_required
@require_POST
def moderate_post(request, pk, action):
    post = get_object_or_404(Post, pk=pk)
    if action not in ("approve", "reject", "hide", "restore", "dismiss"):
        raise Http404
    services.moderate_post(request.user, post, action, request.POST.get("reason", ""))
    messages.success(request, f"Done: {action}.")
    return _back(request, "community:moderation")


@moderator_required
@require_POST
def moderate_thread(request, pk, action):
    thread = get_object_or_404(Thread, pk=pk)
    if action not in ("lock", "unlock", "pin", "unpin", "hide", "unhide", "move"):
        raise Http404
    destination = None
    if action == "move":
        destination = get_object_or_404(Category, pk=_id_param(request, "category"))
    services.moderate_thread(
        request.user, thread, action, request.POST.get("reason", ""), category=destination
    )
    messages.success(request, f"Done: {action}.")
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
    entries = ModerationLog.objects.select_related("actor__profile", "thread", "member__profile")
    return TemplateResponse(
        request, "community/moderation_log.html", {"entries": _paginate(request, entries, 50)}
    )
