"""The unread count in the header comes from the cache (icase/community/unread.py) and follows
every write to the member's notifications at once."""

import pytest

from icase.community.memberships import mark_read
from icase.community.models import Notification
from icase.community.services import notify
from icase.community.unread import unread_count
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def header_count(client):
    return client.get("/about/").context["unread_notifications"]


@pytest.fixture
def member(client):
    member = make_member("reader")
    client.force_login(member)
    return member


def test_a_new_notification_shows_on_the_next_page(client, member):
    assert header_count(client) == 0
    notify([member], Notification.REPLY, "Someone replied", email=False)
    assert header_count(client) == 1


def test_reading_one_or_all_lowers_the_count_at_once(client, member):
    made = notify([member], Notification.REPLY, "One", email=False)
    notify([member], Notification.REPLY, "Two", email=False)
    assert header_count(client) == 2
    mark_read(member, made[0].pk)
    assert header_count(client) == 1
    mark_read(member)
    assert header_count(client) == 0


def test_bulk_writes_and_deletes_renew_the_count(client, member):
    assert header_count(client) == 0
    Notification.objects.bulk_create([Notification(user=member, kind=Notification.REPLY, message="Bulk")])
    assert header_count(client) == 1
    Notification.objects.filter(user=member).delete()
    assert header_count(client) == 0


def test_a_count_taken_before_a_write_is_never_served_after_it(member, django_assert_num_queries):
    assert unread_count(member) == 0
    with django_assert_num_queries(0):
        assert unread_count(member) == 0  # kept
    Notification.objects.create(user=member, kind=Notification.REPLY, message="New")
    assert unread_count(member) == 1


def test_another_members_write_leaves_this_count_alone(member, django_assert_num_queries):
    other = make_member("other")
    unread_count(member)
    notify([other], Notification.REPLY, "Not yours", email=False)
    with django_assert_num_queries(0):
        assert unread_count(member) == 0


def test_without_the_cache_the_count_is_read(member, monkeypatch):
    from django.core.cache import cache

    def unavailable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", unavailable)
    Notification.objects.create(user=member, kind=Notification.REPLY, message="New")
    assert unread_count(member) == 1
