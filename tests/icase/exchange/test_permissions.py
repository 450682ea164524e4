"""The barriers register's role table, through the pages (so the views and the services agree):
anonymous, member, pioneer member, pioneer editor (own pioneer), other pioneer's editor, expert,
programme editor."""

import pytest

from django.test import Client
from django.urls import reverse

from icase.exchange import services
from icase.exchange.models import Barrier

from .helpers import BARRIER_FIELDS, ig_theme, pioneer, raise_kent_barrier

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "pioneer_member",
    "pioneer_editor",
    "other_editor",
    "expert",
    "programme_editor",
]


def client_for(people, role):
    client = Client()
    if people[role] is not None:
        client.force_login(people[role])
    return client


def allowed(response):
    """A done action redirects back to the barrier; a refusal is 403, 404, 400 or a sign-in redirect."""
    return response.status_code == 302 and "/accounts/login/" not in response["Location"]


def table(**rows):
    return [(role, expected) for role, expected in zip(ROLES, rows["expected"], strict=True)]


def raise_data(pioneer_slug="kent"):
    return {**BARRIER_FIELDS, "pioneer": pioneer(pioneer_slug).pk, "theme": ig_theme().pk}


@pytest.mark.parametrize("role,expected", table(expected=[False, False, True, True, False, False, False]))
def test_who_may_raise_a_barrier_for_kent(people, role, expected):
    response = client_for(people, role).post(reverse("exchange:raise"), raise_data())
    assert allowed(response) is expected
    assert Barrier.objects.filter(pioneer__slug="kent").exists() is expected


def test_another_pioneers_editor_raises_only_for_their_own(people):
    client = client_for(people, "other_editor")
    response = client.post(reverse("exchange:raise"), raise_data("kent"))
    assert response.status_code == 200 and not Barrier.objects.exists()
    assert "Select a valid choice" in response.content.decode()
    assert allowed(client.post(reverse("exchange:raise"), raise_data("greenwich")))


@pytest.mark.parametrize("role,expected", table(expected=[False, False, False, False, False, False, True]))
def test_only_programme_editors_change_status(people, barrier, role, expected):
    url = reverse("exchange:change_status", args=[barrier.pk])
    data = {"status": Barrier.UNDER_REVIEW, "reason": "Reviewing", "happened_on": "2026-01-01"}
    Barrier.objects.filter(pk=barrier.pk).update(status_since="2025-12-01")
    response = client_for(people, role).post(url, data)
    assert allowed(response) is expected
    assert Barrier.objects.get(pk=barrier.pk).status == (Barrier.UNDER_REVIEW if expected else Barrier.RAISED)


@pytest.mark.parametrize("role,expected", table(expected=[False, False, True, True, False, False, True]))
def test_who_may_post_a_progress_update(people, barrier, role, expected):
    url = reverse("exchange:add_update", args=[barrier.pk])
    response = client_for(people, role).post(
        url, {"confidence": "at-risk", "narrative": "Waiting on guidance"}
    )
    assert allowed(response) is expected
    assert barrier.updates.exists() is expected


@pytest.mark.parametrize("role,expected", table(expected=[False, False, False, False, True, False, False]))
def test_who_may_say_it_affects_them_too(people, barrier, role, expected):
    url = reverse("exchange:add_affected", args=[barrier.pk])
    data = {"pioneer": pioneer("greenwich").pk, "note": "Same problem with our GP data"}
    response = client_for(people, role).post(url, data)
    assert allowed(response) is expected
    assert barrier.affected.exists() is expected


@pytest.mark.parametrize("role,expected", table(expected=[False, False, True, True, False, False, True]))
def test_who_may_write_the_public_summary(people, barrier, role, expected):
    url = reverse("exchange:write_summary", args=[barrier.pk])
    data = {"public_title": "Sharing data to plan care", "public_summary": "A national question about data."}
    assert allowed(client_for(people, role).post(url, data)) is expected


@pytest.mark.parametrize("role,expected", table(expected=[False, False, False, False, False, False, True]))
def test_only_programme_editors_publish_the_public_summary(people, barrier, role, expected):
    services.write_public_summary(people["pioneer_editor"], barrier, "Sharing data", "A national question.")
    response = client_for(people, role).post(reverse("exchange:approve_summary", args=[barrier.pk]))
    assert allowed(response) is expected
    expected_state = Barrier.SUMMARY_APPROVED if expected else Barrier.SUMMARY_READY
    assert Barrier.objects.get(pk=barrier.pk).public_summary_state == expected_state


@pytest.mark.parametrize("role,expected", table(expected=[False, True, True, True, True, True, True]))
def test_the_full_record_is_for_signed_in_members(people, barrier, role, expected):
    response = client_for(people, role).get(barrier.get_absolute_url())
    assert response.status_code == (200 if expected else 404)
    listing = client_for(people, role).get(reverse("exchange:barriers")).content.decode()
    assert (barrier.title in listing) is expected


@pytest.mark.parametrize("role,expected", table(expected=[False, False, False, True, True, False, True]))
def test_csv_export_is_for_editors(people, barrier, role, expected):
    response = client_for(people, role).get(reverse("exchange:export"))
    assert (response.status_code == 200) is expected
    if expected:
        assert barrier.title in response.content.decode()


def test_the_raising_pioneer_cannot_add_itself_twice(people, barrier):
    with pytest.raises(services.Refused):
        services.add_affected(people["pioneer_editor"], barrier, pioneer("kent"), "Us too")
    services.add_affected(people["other_editor"], barrier, pioneer("greenwich"), "Us too")
    with pytest.raises(services.Refused):
        services.add_affected(people["other_editor"], barrier, pioneer("greenwich"), "Again")


def test_a_member_who_names_no_pioneer_is_told_how_to_raise_one(people):
    response = client_for(people, "member").get(reverse("exchange:raise"))
    assert response.status_code == 403
    assert "your profile" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_to_raise(people):
    response = Client().get(reverse("exchange:raise"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_second_barrier_by_a_pioneer_member(people):
    second = raise_kent_barrier(people["pioneer_member"], title="Pooled budget rules")
    assert second.raised_by == people["pioneer_member"]
