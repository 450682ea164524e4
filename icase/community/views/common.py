"""What every community view shares: finding a thread, post or network the visitor may see (404
otherwise, so private titles never leak), the moderator gate, safe redirects and pagination."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from .. import visibility
from ..models import Category, Post, Thread


def moderator_required(view):
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
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
