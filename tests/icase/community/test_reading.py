"""Thread lists mark what is new to the reader, and "Your discussions" lists what they took part in."""

import datetime

import pytest

from django.utils import timezone

from icase.community import services
from icase.community.models import Thread, ThreadVisit

from .helpers import make_member, make_thread

pytestmark = pytest.mark.django_db


def marks(client, url, title):
    """The tags shown beside `title` in the thread list at `url`."""
    page = client.get(url).content.decode()
    start = page.index(f">{title}</a>")
    heading = page[start : page.index("</h3>", start)]
    return [tag for tag in ("New replies", "New<", "Solved") if tag in heading]


def test_threads_are_new_until_opened_and_show_new_replies_afterwards(client):
    alice, bob = make_member("alice"), make_member("bob")
    thread = make_thread(bob, title="Who shares a care record with the hospice?")
    client.force_login(alice)
    assert marks(client, "/community/c/informatics-network/", thread.title) == ["New<"]
    client.get(thread.get_absolute_url())
    assert marks(client, "/community/c/informatics-network/", thread.title) == []
    a_minute_ago = timezone.now() - datetime.timedelta(minutes=1)
    ThreadVisit.objects.filter(user=alice, thread=thread).update(last_seen_at=a_minute_ago)
    services.reply(bob, thread, "We do, through the shared care record since last spring.")
    assert marks(client, "/community/", thread.title) == ["New replies"]
    client.get(thread.get_absolute_url())
    assert marks(client, "/community/", thread.title) == []
    assert ThreadVisit.objects.filter(user=alice, thread=thread).count() == 1  # one row, updated


def test_threads_started_before_the_reader_joined_are_not_new_and_anonymous_lists_have_no_marks(client):
    bob = make_member("bob")
    thread = make_thread(bob, title="Joining up the discharge letters")
    assert marks(client, "/community/c/informatics-network/", thread.title) == []
    newcomer = make_member("newcomer")
    client.force_login(newcomer)
    assert marks(client, "/community/c/informatics-network/", thread.title) == []


def test_solved_threads_say_so(client):
    alice, bob = make_member("alice"), make_member("bob")
    thread = make_thread(alice, title="Which consent model did you use?")
    answer = services.reply(bob, thread, "Implied consent for direct care, with a clear opt-out.")
    Thread.objects.filter(pk=thread.pk).update(accepted_post=answer)
    assert "Solved" in marks(client, "/community/", thread.title)


def test_your_discussions_lists_threads_started_or_replied_to_and_nothing_hidden(client, private_thread):
    alice, bob = make_member("alice"), make_member("bob")
    started = make_thread(alice, title="Our falls pathway across three providers")
    replied = make_thread(
        bob, title="Paying for shared care coordinators", raw="Who pays for the coordinators?"
    )
    services.reply(alice, replied, "We split the cost by caseload for the first year.")
    make_thread(bob, title="A thread Alice never touched", raw="Has anyone pooled budgets for equipment?")
    client.force_login(alice)
    page = client.get("/community/yours/").content.decode()
    assert started.title in page and replied.title in page
    assert "A thread Alice never touched" not in page and private_thread.title not in page
    assert "2 discussions" in page
    newcomer = make_member("newcomer", trusted=False)
    waiting = make_thread(newcomer, title="My first question, waiting for a moderator", raw="Anyone?")
    client.force_login(newcomer)
    page = client.get("/community/yours/").content.decode()
    assert waiting.title in page and "Waiting for review" in page
    client.force_login(alice)
    assert waiting.title not in client.get("/community/yours/").content.decode()
    client.logout()
    assert client.get("/community/yours/").status_code == 302
