"""The moderation log reads as sentences, with full dates, and its table stacks on a phone."""

import pytest

from django.test import Client
from django.urls import reverse

from icase.community import services
from icase.community.moderation_actions import LABELS, label

from .helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db


def test_each_action_code_the_services_write_has_a_sentence():
    assert label("post-approve") == "Approved a post"
    assert label("thread-move") == "Moved a discussion"
    assert label("something-new") == "Something new"  # a code without a sentence still reads
    assert all(not sentence.endswith(".") and sentence[0].isupper() for sentence in LABELS.values())


def test_the_log_shows_sentences_full_dates_and_a_responsive_table():
    moderator = make_moderator("log-reader")
    thread = make_thread(make_member("log-author"))
    services.moderate_thread(moderator, thread, "lock", reason="Off topic")
    client = Client()
    client.force_login(moderator)

    html = client.get(reverse("community:moderation_log")).content.decode()

    assert "Locked a discussion" in html and "thread-lock" not in html
    assert (
        "nhsuk-table-responsive" in html
        and 'nhsuk-table-responsive__heading" aria-hidden="true">Action' in html
    )
    assert "Off topic" in html
