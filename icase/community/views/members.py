"""Members: the directory, a member's page, editing one's profile, and private networks'
membership (asking to join; managers deciding)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from cms.listing import ListingFilter, options_from_choices

from .. import memberships, visibility
from ..forms import ProfileForm, SuspendForm
from ..models import Category, MemberProfile, Post
from ..starting_points import directory_choices
from .common import _id_param, _paginate, _without_page

MEMBERS_PER_PAGE = 24


def _directory_filters(params):
    """The directory's filters as the listing pages' filters (cms.listing), bound to the request, so
    the directory uses the same finder layout: count first, collapsible groups, one Apply button."""
    themes, pioneers = directory_choices()
    groups = [
        ("experts", "Expertise", [("1", "Experts only")]),
        ("theme", "Theme", themes),
        ("sector", "Sector", MemberProfile.SECTOR_CHOICES),
        ("pioneer", "Pioneer", pioneers),
        ("region", "Region", MemberProfile.REGION_CHOICES),
    ]
    return [
        ListingFilter(name, label, options_from_choices(choices), lookup=name).bind(params)
        for name, label, choices in groups
    ]


@login_required
def directory(request):
    """Members who chose to be contactable; only signed-in members can browse it."""
    filters = _directory_filters(request.GET)
    chosen = {f.name: f.selected for f in filters}
    name = request.GET.get("q", "").strip()[:100]
    members = MemberProfile.objects.directory(
        theme=chosen["theme"],
        sector=chosen["sector"],
        pioneer=chosen["pioneer"],
        region=chosen["region"],
        experts_only=bool(chosen["experts"]),
        name=name,
    )
    return TemplateResponse(
        request,
        "community/directory.html",
        {
            "members": _paginate(request, members, MEMBERS_PER_PAGE),
            "filters": filters,
            "active_filters": [f for f in filters if f.selected],
            "keep_params": [("q", name)] if name else [],
            "filter_subject": "members",
            "name": name,
            "querystring": _without_page(request),
        },
    )


@login_required
def member(request, username):
    profile = get_object_or_404(MemberProfile.objects.page_of(username))
    is_self = profile.user_id == request.user.pk
    if not (profile.contactable or is_self or visibility.is_moderator(request.user)):
        raise Http404
    recent = Post.objects.recent_by(profile.user, request.user)
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


@login_required
@require_POST
def join_network(request, slug):
    category = get_object_or_404(Category, slug=slug, is_private=True)
    memberships.request_to_join(request.user, category)
    messages.success(request, f"Your request to join {category.name} has been sent to its managers.")
    return redirect(category)


@login_required
def network_members(request, slug):
    category = get_object_or_404(Category, slug=slug, is_private=True)
    if not visibility.can_manage_network(request.user, category):
        raise PermissionDenied
    if request.method == "POST":
        membership = get_object_or_404(category.memberships, pk=_id_param(request, "membership"))
        memberships.decide(request.user, membership, approve=request.POST.get("decision") == "approve")
        return redirect("community:network_members", slug=slug)
    return TemplateResponse(
        request,
        "community/network_members.html",
        {"category": category, "memberships": category.memberships.select_related("user__profile")},
    )
