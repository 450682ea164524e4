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
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from icase.community.models import Category, Follow

from . import services
from .forms import SubscriptionChangeForm
from .models import Subscription
from .tokens import EVERYTHING, read_token


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
    }
    return TemplateResponse(request, "alerts/subscriptions.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def subscriptions(request):
    if request.method == "GET":
        return _subscriptions_page(request)
    if request.POST.get("action") == "end-all":
        services.end(request.user, None)
        messages.success(
            request, "You have unsubscribed from everything. We will not email you about new content."
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
@require_http_methods(["GET", "POST"])
def unsubscribe(request):
    """GET: the link in the email. POST: a mail client's one-click unsubscribe (RFC 8058), sent
    with `List-Unsubscribe=One-Click` in the body and no cookies, so no CSRF token either."""
    token = request.POST.get("token") or request.GET.get("token", "")
    reading = read_token(token[:2000])
    if reading is None:
        return TemplateResponse(request, "alerts/unsubscribed.html", {"invalid": True}, status=400)
    user_id, ids = reading
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return TemplateResponse(request, "alerts/unsubscribed.html", {"invalid": True}, status=400)
    left = services.end(user, None if ids == EVERYTHING else ids)
    if request.method == "POST":
        return HttpResponse("Unsubscribed.", content_type="text/plain")
    return TemplateResponse(
        request, "alerts/unsubscribed.html", {"left": left, "everything": ids == EVERYTHING}
    )
