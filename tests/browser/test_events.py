"""Learning events in a real browser: the last place is taken, the next member waits, is offered
the freed place by email and takes it, and the reminder follows; no axe violations on the way."""

import subprocess
import sys
import time

import pytest

from .accounts import sign_in
from .conftest import ROOT
from .test_accessibility import axe_violations
from .test_community import latest_mail

pytestmark = pytest.mark.browser

MAKE_EVENT = """
import datetime
from django.utils import timezone
from cms.models import EventIndexPage, LearningEventPage
start = timezone.now() + datetime.timedelta(hours=20)
event = LearningEventPage(
    title="Browser test webinar", slug="browser-test-webinar", summary="A test event.", kind="webinar",
    start=start, end=start + datetime.timedelta(hours=1), online=True, organiser="Test organiser",
    body=[("paragraph", "<p>Agenda.</p>")], registration_open=True, capacity=1,
    joining_link="https://meet.example.org/browser-test",
)
EventIndexPage.objects.get().add_child(instance=event)
event.save_revision().publish()
"""


def manage(env, *command):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], cwd=ROOT, env=env, check=True)


def test_last_place_waiting_list_offer_and_reminder(live_site, site_database, browser, axe_source):
    workdir, env = site_database
    manage(env, "shell", "-c", MAKE_EVENT)
    event_url = live_site + "/events/browser-test-webinar/"

    first_context, first = sign_in(browser, live_site, "priya@example.org")
    first.goto(event_url)
    assert "1 place left." in first.content()
    first.get_by_role("button", name="Register").click()
    assert first.get_by_role("heading", name="You're registered").is_visible()
    assert axe_violations(first, axe_source) == []

    second_context, second = sign_in(browser, live_site, "tom@example.org")
    second.goto(event_url)
    assert "This event is full." in second.content()
    second.get_by_role("button", name="Join the waiting list").click()
    assert second.get_by_role("heading", name="You're on the waiting list").is_visible()

    sent_after = time.time() - 1
    first.goto(event_url)
    first.get_by_role("button", name="Cancel my place").click()
    assert "Your registration is cancelled." in first.content()

    offer = latest_mail(workdir / "mail", "tom@example.org", sent_after)
    assert "A place is free for you" in offer
    second.goto(live_site + "/events/yours/")
    assert axe_violations(second, axe_source) == []
    second.get_by_role("button", name="Accept the place").click()
    assert "Registered" in second.content()
    second.goto(event_url)
    assert second.get_by_role("heading", name="You're registered").is_visible()

    reminder_after = time.time() - 1
    manage(
        env, "shell", "-c", "from icase.events.tasks import send_event_reminders; send_event_reminders.call()"
    )
    reminder = latest_mail(workdir / "mail", "tom@example.org", reminder_after)
    assert "Browser test webinar is tomorrow." in reminder
    first_context.close()
    second_context.close()
