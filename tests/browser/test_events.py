"""Learning events in a real browser, the walk of issue 16's "Done when": the last place is taken,
the next member waits, is offered the freed place by email and on the site and takes it, the
reminder follows; after the event the organiser marks attendance and publishes the recording and
slides, questions land in the event's Q&A thread and the page shows the pack. No axe violations
on the way."""

import re
import subprocess
import sys
import time
from urllib.parse import urljoin

import pytest

from .accounts import sign_in
from .community_content import PROGRAMME_EDITOR
from .conftest import ROOT
from .test_accessibility import axe_violations
from .test_community import latest_mail

pytestmark = pytest.mark.browser

MAKE_EVENT = """
import datetime
from django.utils import timezone
from cms.models import EventIndexPage, LearningEventPage, Theme
start = timezone.now() + datetime.timedelta(hours=20)
event = LearningEventPage(
    title="Browser test webinar", slug="browser-test-webinar", summary="A test event.", kind="webinar",
    start=start, end=start + datetime.timedelta(hours=1), online=True, organiser="Test organiser",
    body=[("paragraph", "<p>Agenda.</p>")], registration_open=True, capacity=1,
    joining_link="https://meet.example.org/browser-test",
)
EventIndexPage.objects.get().add_child(instance=event)
event.themes.set([Theme.objects.order_by("sort_order", "name").first()])  # its Q&A thread's category
event.save_revision().publish()
"""

# The scheduler's clock cannot be moved from a browser: the event is moved into the past instead,
# as if it had happened, and the slides are uploaded to the media library for the organiser.
EVENT_HAPPENED = """
import datetime
from django.core.files.base import ContentFile
from django.utils import timezone
from cms.models import DescribedDocument, LearningEventPage
event = LearningEventPage.objects.get(slug="browser-test-webinar")
event.start = timezone.now() - datetime.timedelta(hours=2)
event.end = timezone.now() - datetime.timedelta(hours=1)
event.save_revision().publish()
slides = DescribedDocument(title="Browser test webinar slides", description="Slides, PDF, 1 page")
slides.file.save("browser-test-slides.pdf", ContentFile(b"%PDF-1.4 slides"), save=False)
slides.save()
"""


def manage(env, *command):
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], cwd=ROOT, env=env, check=True)


def test_book_wait_take_the_freed_place_attend_and_catch_up(live_site, site_database, browser, axe_source):
    from playwright.sync_api import expect

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
    second.goto(live_site + "/notifications/")
    second.get_by_role("link", name=re.compile("A place is free for you at “Browser test webinar”")).click()
    assert second.url.endswith("/events/yours/")
    assert "We are holding it until" in second.content()
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

    manage(env, "shell", "-c", EVENT_HAPPENED)
    organiser_context, organiser = sign_in(browser, live_site, PROGRAMME_EDITOR, two_factor=True)
    organiser.goto(event_url)
    organiser.get_by_role("link", name=re.compile("Organise: attendees")).click()
    organiser.get_by_label("Tom Evans attended").check()
    organiser.get_by_role("button", name="Save attendance").click()
    assert "Attendance saved." in organiser.content()
    assert organiser.get_by_label("Tom Evans attended").is_checked()
    assert axe_violations(organiser, axe_source) == []
    event_id = re.search(r"/events/book/(\d+)/attendees/", organiser.url).group(1)

    organiser.goto(urljoin(live_site, f"/admin/pages/{event_id}/edit/"))
    organiser.locator("#id_recording_url").fill("https://video.example.org/browser-test-webinar")
    organiser.locator("#id_slides-chooser .unchosen [data-chooser-action-choose]").click()
    organiser.get_by_role("link", name="Browser test webinar slides").click()
    expect(organiser.locator("#id_slides-chooser [data-chooser-title]")).to_have_text(
        "Browser test webinar slides"
    )
    organiser.locator("button[name='action-publish']").dispatch_event("click")
    expect(organiser.get_by_text(re.compile("has been published")).first).to_be_visible(timeout=15000)
    organiser_context.close()

    second.goto(event_url)
    assert second.get_by_role("heading", name="You attended").is_visible()
    assert second.get_by_role("link", name=re.compile("Watch the recording")).is_visible()
    assert second.get_by_role("link", name=re.compile("Browser test webinar slides")).is_visible()
    second.get_by_role("link", name="Questions about Browser test webinar").click()
    second.get_by_label("Your reply").fill("Could the slides include the dial-in numbers next time?")
    second.get_by_role("button", name="Post reply").click()
    assert second.get_by_text("Could the slides include the dial-in numbers").is_visible()
    second.goto(event_url)
    assert "Questions about Browser test webinar" in second.content()
    assert axe_violations(second, axe_source) == []
    second_context.close()
