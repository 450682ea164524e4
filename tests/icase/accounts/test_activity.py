"""icase/accounts/activity.py: a signed-in member's requests do not write to the database just to
say they were seen (on SQLite that was the one write lock, on every page); the members' sessions
page still learns when they were last seen, to within minutes, and of a new address or browser."""

from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from icase.accounts.activity import ACTIVITY_INTERVAL, LAST_RECORDED
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE")


def writes(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, **headers).status_code == 200
    statements = [query["sql"] for query in queries.captured_queries]
    return [sql for sql in statements if sql.lstrip().upper().startswith(WRITES)]


@pytest.fixture
def member_client():
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (first browser)")
    client.force_login(make_member("reader"))
    return client


def test_reading_pages_writes_nothing_once_the_session_is_known(member_client):
    first = writes(member_client, "/community/")
    assert any("usersessions_usersession" in sql for sql in first)
    assert writes(member_client, "/community/") == []
    assert writes(member_client, "/members/") == []


def test_last_seen_is_refreshed_after_the_interval(member_client):
    writes(member_client, "/community/")
    long_ago = timezone.now() - ACTIVITY_INTERVAL - timedelta(seconds=5)
    UserSession.objects.update(last_seen_at=long_ago)
    session = member_client.session
    session[LAST_RECORDED] = [long_ago.timestamp(), *session[LAST_RECORDED][1:]]
    session.save()
    assert any("usersessions_usersession" in sql for sql in writes(member_client, "/community/"))
    assert UserSession.objects.get().last_seen_at > long_ago


def test_a_known_session_reads_nothing_to_decide(member_client):
    writes(member_client, "/community/")
    with CaptureQueriesContext(connection) as queries:
        member_client.get("/community/")
    assert not [query for query in queries.captured_queries if "usersessions" in query["sql"]]


def test_a_new_browser_on_the_same_session_is_recorded_at_once(member_client):
    writes(member_client, "/community/")
    writes(member_client, "/community/", HTTP_USER_AGENT="Mozilla/5.0 (second browser)")
    assert UserSession.objects.get().user_agent == "Mozilla/5.0 (second browser)"
