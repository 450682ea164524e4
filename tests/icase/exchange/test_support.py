"""Support requests: routed by theme to its experts and the programme editors, taken, answered on
the site and by email, closed or passed to the barriers register, rated; who may see each one."""

from datetime import timedelta

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from icase.exchange import support
from icase.exchange.models import SupportRequest

from .helpers import ig_theme

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def asked(people, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(people["pioneer_member"]).post(
            reverse("exchange:new_support_request"),
            {
                "theme": ig_theme().pk,
                "need": "How do we agree a data sharing protocol?",
                "about_you": "Kent PMO",
            },
        )
    return SupportRequest.objects.get(), response


def test_a_request_is_routed_to_the_themes_experts_and_programme_editors(people, asked):
    support_request, response = asked
    assert response["Location"] == support_request.get_absolute_url()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([people["expert"].email, people["programme_editor"].email])
    assert "data sharing protocol" not in mail.outbox[0].body  # the link, never the request itself


def test_taken_answered_by_email_closed_and_rated(people, asked, django_capture_on_commit_callbacks):
    support_request, _response = asked
    expert = signed_in(people["expert"])
    url = support_request.get_absolute_url()
    assert (
        expert.post(
            reverse("exchange:support_action", args=[support_request.pk, "answer"]), {"body": "x"}
        ).status_code
        == 400
    )
    expert.post(reverse("exchange:support_action", args=[support_request.pk, "take"]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        expert.post(
            reverse("exchange:support_action", args=[support_request.pk, "answer"]),
            {"body": "Use the IG toolkit."},
        )
    assert [message.to for message in mail.outbox] == [[people["pioneer_member"].email]]
    requester = signed_in(people["pioneer_member"])
    assert "Use the IG toolkit." in requester.get(url).content.decode()
    bad = requester.post(
        reverse("exchange:support_action", args=[support_request.pk, "rate"]), {"rating": "9"}
    )
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    requester.post(reverse("exchange:support_action", args=[support_request.pk, "rate"]), {"rating": "5"})
    expert.post(
        reverse("exchange:support_action", args=[support_request.pk, "close"]), {"outcome": "Answered"}
    )
    support_request.refresh_from_db()
    assert (support_request.status, support_request.rating) == (SupportRequest.CLOSED, 5)
    assert support_request.assignee == people["expert"]
    report = signed_in(people["programme_editor"]).get(reverse("exchange:support")).context["report"]
    assert report["median_hours"] is not None and report["by_theme"][0]["total"] == 1


def test_a_systemic_request_is_passed_to_the_register_keeping_the_link(people, asked, barrier):
    support_request, _response = asked
    support.take(people["programme_editor"], support_request)
    support.close(people["programme_editor"], support_request, "A national barrier", barrier=barrier)
    assert (
        support_request.status == SupportRequest.PASSED and barrier.support_requests.get() == support_request
    )


@pytest.mark.parametrize(
    "role,sees,answers",
    [
        ("anonymous", False, False),
        ("member", False, False),
        ("pioneer_member", True, False),  # the requester
        ("pioneer_editor", False, False),
        ("other_editor", False, False),
        ("expert", True, True),
        ("programme_editor", True, True),
    ],
)
def test_who_sees_and_answers_a_request(people, asked, role, sees, answers):
    support_request, _response = asked
    client = signed_in(people[role]) if people[role] else Client()
    response = client.get(support_request.get_absolute_url())
    assert response.status_code == (200 if sees else 302 if role == "anonymous" else 404)
    client.post(reverse("exchange:support_action", args=[support_request.pk, "take"]))
    assert (SupportRequest.objects.get().status == SupportRequest.ASSIGNED) is answers


def test_bad_input_keeps_what_was_typed_and_refuses_past_dates(people):
    client = signed_in(people["member"])
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    data = {"theme": ig_theme().pk, "need": "Typed need", "about_you": "", "needed_by": yesterday}
    response = client.post(reverse("exchange:new_support_request"), data)
    page = response.content.decode()
    assert "Say who you are" in page and "Typed need</textarea>" in page
    data["about_you"] = "Me"
    response = client.post(reverse("exchange:new_support_request"), data)
    assert "cannot be in the past" in response.content.decode() and not SupportRequest.objects.exists()
