"""Support requests: a member asks for support on a theme; the request is routed to the experts
marked for that theme and to the programme editors; one of them takes it, replies (on the site and
by email) and closes it with an outcome, or passes it to the barriers register when it turns out
to be systemic, keeping the link. The requester rates the answer.

new -> assigned -> answered -> closed | passed to the barriers register
"""

import logging
from statistics import median

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from cms.roles import PROGRAMME_EDITORS
from icase.community import visibility
from icase.links import absolute_url
from icase.mail import send_email

from . import permissions
from .models import SupportReply, SupportRequest
from .services import Refused

logger = logging.getLogger(__name__)


def expert_theme_ids(user):
    if not visibility.is_signed_in(user):
        return set()
    return set(user.profile.expert_themes.values_list("pk", flat=True))


def visible_requests(user):
    rule = visibility.support_request_filter(
        user, programme_editor=permissions.is_programme_editor(user), expert_theme_ids=expert_theme_ids(user)
    )
    return SupportRequest.objects.filter(rule)


def may_answer(user, support_request):
    return permissions.is_programme_editor(user) or support_request.theme_id in expert_theme_ids(user)


def routed_to(support_request):
    """The theme's marked experts and the programme editors, who may be told about it now."""
    users = (
        get_user_model()
        .objects.filter(
            Q(profile__expert_themes=support_request.theme) | Q(groups__name=PROGRAMME_EDITORS),
            is_active=True,
        )
        .distinct()
    )
    return [
        user for user in users if visibility.can_be_notified(user) and user.pk != support_request.requester_id
    ]


def _email(users, subject, template, support_request):
    """Emails after commit; a mail failure is logged and never undoes the request."""
    url = absolute_url(support_request.get_absolute_url())

    def send():
        for user in users:
            try:
                send_email(
                    user.email,
                    subject,
                    template,
                    {"support_request": support_request, "url": url},
                    reason="you asked for support on ICASE, or it was routed to you as an expert or editor",
                    settings_path=reverse("exchange:support"),
                    settings_label="Support requests",
                )
            except Exception:
                logger.exception("Support request email %s not sent", support_request.pk)

    transaction.on_commit(send)


@transaction.atomic
def create_request(user, *, theme, need, about_you, needed_by=None, pioneer=None):
    if not visibility.is_signed_in(user):
        raise Refused("Sign in to ask for support.")
    if needed_by and needed_by < timezone.localdate():
        raise Refused("The date you need it by cannot be in the past.")
    if not need.strip() or not about_you.strip():
        raise Refused("Say what you need and who you are.")
    support_request = SupportRequest.objects.create(
        requester=user,
        theme=theme,
        need=need.strip(),
        about_you=about_you.strip(),
        needed_by=needed_by,
        pioneer=pioneer,
    )
    _email(
        routed_to(support_request),
        f"ICASE: a request for support with {theme.name}",
        "email/exchange/support_new.txt",
        support_request,
    )
    return support_request


@transaction.atomic
def take(user, support_request):
    if not may_answer(user, support_request):
        raise Refused("Only the theme's experts and programme editors take support requests.")
    if support_request.status != SupportRequest.NEW:
        raise Refused("Someone has already taken this request.")
    support_request.status, support_request.assignee = SupportRequest.ASSIGNED, user
    support_request.save()
    return support_request


@transaction.atomic
def reply(user, support_request, body):
    if not may_answer(user, support_request):
        raise Refused("Only the theme's experts and programme editors answer support requests.")
    if support_request.status not in (SupportRequest.ASSIGNED, SupportRequest.ANSWERED):
        raise Refused("Take the request before answering it.")
    if not body.strip():
        raise Refused("Write your answer.")
    answer = SupportReply.objects.create(request=support_request, author=user, body=body.strip())
    support_request.status = SupportRequest.ANSWERED
    support_request.first_answered_at = support_request.first_answered_at or answer.created_at
    support_request.save()
    _email(
        [support_request.requester],
        "ICASE: an answer to your request for support",
        "email/exchange/support_answered.txt",
        support_request,
    )
    return answer


@transaction.atomic
def close(user, support_request, outcome, barrier=None):
    """Close with an outcome, or (with `barrier`) pass it to the barriers register, keeping the link."""
    if not may_answer(user, support_request):
        raise Refused("Only the theme's experts and programme editors close support requests.")
    if support_request.status not in (SupportRequest.ASSIGNED, SupportRequest.ANSWERED):
        raise Refused("Only an assigned or answered request can be closed.")
    if not outcome.strip():
        raise Refused("Give the outcome.")
    support_request.outcome = outcome.strip()
    support_request.status = SupportRequest.PASSED if barrier else SupportRequest.CLOSED
    support_request.barrier = barrier
    support_request.save()
    return support_request


@transaction.atomic
def rate(user, support_request, rating):
    if user.pk != support_request.requester_id:
        raise Refused("Only the person who asked rates the answer.")
    if support_request.first_answered_at is None:
        raise Refused("There is no answer to rate yet.")
    if rating not in dict(SupportRequest.RATING_CHOICES):
        raise Refused("Choose a rating from the list.")
    support_request.rating = rating
    support_request.save()
    return support_request


def support_report():
    """Requests by theme, the median hours to a first answer, and the open requests."""
    by_theme = (
        SupportRequest.objects.values("theme__name")
        .annotate(
            total=Count("pk"),
            open=Count("pk", filter=Q(status__in=[SupportRequest.NEW, SupportRequest.ASSIGNED])),
        )
        .order_by("theme__name")
    )
    answered = SupportRequest.objects.exclude(first_answered_at=None).values_list(
        "created_at", "first_answered_at"
    )
    hours = [(first - created).total_seconds() / 3600 for created, first in answered]
    return {
        "by_theme": list(by_theme),
        "median_hours": round(median(hours), 1) if hours else None,
        "open_requests": SupportRequest.objects.filter(
            status__in=[SupportRequest.NEW, SupportRequest.ASSIGNED]
        ).select_related("theme"),
    }
