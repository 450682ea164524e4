"""Events open for registration, made the way an organiser publishes them."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cms.models import EventIndexPage
from tests.cms.factories import LearningEventPageFactory


def open_event(**fields):
    """A published online webinar ten days ahead with registration open (override any field)."""
    start = fields.pop("start", timezone.now() + datetime.timedelta(days=10))
    defaults = {
        "title": "Sharing care records webinar",
        "start": start,
        "end": start + datetime.timedelta(hours=1),
        "registration_open": True,
        "joining_link": "https://meet.example.org/icase-webinar",
        "joining_instructions": "Passcode 1234.",
    }
    return LearningEventPageFactory(parent=EventIndexPage.objects.get(), **{**defaults, **fields})


def queries(client, url, params=None):
    """How many queries a warm page takes."""
    client.get(url, params)  # caches warm up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(captured)
