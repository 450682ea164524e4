"""The member's subscriptions page, "Get emails about this" and the one-click unsubscribe.

Thin: services.py makes every change. Unsubscribing needs no sign-in (the signed token in the
email says who and what); following the link again is harmless and says the same thing.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from icase.community.models import Category, Follow
from icase.exchange.models import BarrierFollow, BarrierListFollow

from . import bulletins, services
from .forms import SubscriptionChangeForm
from .models import Subscription
from .tokens import BULLETINS, EVERYTHING, read_token


def _subscriptions_page(request, invalid=None, status=200):
    subscriptions = list(Subscription.objects.current().filter(user=request.user))
    rows = [
        (
            subscription,
            invalid[1]
            if invalid and invalid[0] == subscription.pk
            else SubscriptionChangeForm(
                initial={"frequency": subscription.frequency, "paused": subscription.paused},
                prefix=f"s{subscription.pk}",
            ),
        )
        for subscription in subscriptions
    ]
    follows = Follow.objects.filter(user=request.user).select_related("thread", "category", "theme")
    context = {
        "rows": rows,
        "form": invalid[1] if invalid else None,
        "follows": list(follows),
        "barrier_follows": list(BarrierFollow.objects.filter(user=request.user).select_related("barrier")),
        "barrier_list_follows": list(BarrierListFollow.objects.filter(user=request.user)),
        "bulletin_opted_in": bulletins.is_opted_in(request.user),
    }
    return TemplateResponse(request, "alerts/subscriptions.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def subscriptions(request):
    if request.method == "GET":
        return _subscriptions_page(request)
    if request.POST.get("action") in ("bulletin-on", "bulletin-off"):
        wanted = request.POST["action"] == "bulletin-on"
        bulletins.set_opt_in(request.user, wanted)
        done = "You will get" if wanted else "You will no longer get"
        messages.success(request, f"{done} the editors’ bulletin.")
        return redirect("alerts:subscriptions")
    if request.POST.get("action") == "end-all":
        services.end(request.user, None)
        messages.success(
            request,
            "You have unsubscribed from everything, the editors’ bulletin included. We will not "
            "email you about new content.",
        )
        return redirect("alerts:subscriptions")
    subscription = get_object_or_404(
        Subscription.objects.current(),
        user=request.user,
        pk=services.int_or_none(request.POST.get("subscription")),
    )
    if request.POST.get("action") == "end":
        services.end(request.user, [subscription.pk])
        messages.success(request, f"You have unsubscribed from {subscription.label}.")
        return redirect("alerts:subscriptions")
    form = SubscriptionChangeForm(request.POST, prefix=f"s{subscription.pk}")
    if not form.is_valid():
        return _subscriptions_page(request, invalid=(subscription.pk, form), status=400)
    services.change(subscription, **form.cleaned_data)
    messages.success(request, f"Saved: {subscription.label}.")
    return redirect("alerts:subscriptions")


@require_POST
def subscribe(request):
    """Back to the page it came from, whose button now says what the member gets (no flash
    message: most content pages show none, and it would surface later somewhere else)."""
    back = services.safe_path(request.POST.get("next", "")) or "/"
    if not request.user.is_authenticated:
        return redirect_to_login(back, reverse("account_login"))
    try:
        services.subscribe(
            request.user,
            query=request.POST.get("q", ""),
            filters=services.clean_filters(request.POST),
            category_slug=request.POST.get("category", "")[:80],
            frequency=request.POST.get("frequency", Subscription.DAILY),
            url=back,
        )
    except Category.DoesNotExist:
        raise Http404 from None
    return redirect(back)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request):
    """GET, the link in the email: asks to confirm and changes nothing, because mail scanners and
    link previews open every link in a message and would otherwise unsubscribe people who never
    clicked (GOV.UK's email unsubscribe asks the same way). POST: the page's button, or a mail
    client's one-click unsubscribe (RFC 8058), sent with `List-Unsubscribe=One-Click` in the body
    and no cookies, so no CSRF token either: the signed token is what authorises it."""
    token = (request.POST.get("token") or request.GET.get("token", ""))[:2000]
    reading = read_token(token)
    user = reading and get_user_model().objects.filter(pk=reading[0]).first()
    if not user:
        return TemplateResponse(request, "alerts/unsubscribed.html", {"invalid": True}, status=400)
    if reading[1] == BULLETINS:
        return _unsubscribe_from_bulletins(request, user, token)
    ids = None if reading[1] == EVERYTHING else reading[1]
    context = {"everything": ids is None, "token": token}
    if request.method == "GET":
        context["current"] = services.covered_by(user, ids).current().order_by("label")
        context["bulletin"] = ids is None and bulletins.is_opted_in(user)
        return TemplateResponse(request, "alerts/unsubscribe_confirm.html", context)
    left = services.end(user, ids)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse("Unsubscribed.", content_type="text/plain")
    return TemplateResponse(request, "alerts/unsubscribed.html", {**context, "left": left})


def _unsubscribe_from_bulletins(request, user, token):
    """The bulletin's own link: it stops the bulletin and nothing else, asked as the others are."""
    context = {"token": token, "left": None}
    if request.method == "GET":
        context["opted_in"] = bulletins.is_opted_in(user)
        return TemplateResponse(request, "alerts/bulletin_unsubscribe.html", context)
    bulletins.set_opt_in(user, False)
    if request.POST.get("List-Unsubscribe") == "One-Click":
        return HttpResponse("Unsubscribed.", content_type="text/plain")
    return TemplateResponse(request, "alerts/bulletin_unsubscribe.html", {**context, "left": True})
