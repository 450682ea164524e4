"""Events open for registration, made the way an organiser publishes them."""

import datetime

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
