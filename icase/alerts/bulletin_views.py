"""The public bulletin archive: every bulletin whose sending has started, newest first, and each
one as members were sent it (its picks checked again now: a page unpublished or made private
since is left out, as it would be from the email). Anyone may read it; nothing here depends on
who is signed in except the opt-in button."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from icase.links import absolute_url

from . import bulletins
from .models import Bulletin

PER_PAGE = 20
FEED_TITLE = "Editors’ bulletin - ICASE"


def _feed_links():
    return [(FEED_TITLE, absolute_url(reverse("alerts:bulletin_feed")))]


def archive(request):
    sent = Bulletin.objects.sent().only("pk", "title", "sent_at")
    items = Paginator(sent, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "bulletins": items,
        "opted_in": bulletins.is_opted_in(request.user),
        "feed_links": _feed_links(),
        "share_title": "Editors’ bulletin",
    }
    return TemplateResponse(request, "alerts/bulletins.html", context)


def bulletin(request, pk):
    sent = get_object_or_404(Bulletin.objects.sent(), pk=pk)
    context = {
        "bulletin": sent,
        "covers": bulletins.covers(sent),
        "items": bulletins.pick_items(sent.live_picks()),
        "opted_in": bulletins.is_opted_in(request.user),
        "feed_links": _feed_links(),
        "share_title": sent.title,
    }
    return TemplateResponse(request, "alerts/bulletin.html", context)
