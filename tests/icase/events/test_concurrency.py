"""Members asking for the last place at the same moment: one gets it, the others wait.

The threads each have their own database connection, so the rows they share must be committed: a
transactional test (pytest-django runs those after every test that uses the seeded database).
It runs on SQLite (the IMMEDIATE transactions in settings) and on PostgreSQL (the row lock in
services.py) alike.
"""

import threading
import time

import pytest

from django.db import OperationalError, connection

from icase.events import services
from icase.events.models import Registration
from tests.icase.community.helpers import make_member

from .helpers import open_event

MEMBERS = 6


@pytest.mark.django_db(transaction=True)
def test_only_one_member_gets_the_last_place():
    event = open_event(title="Concurrency test webinar", capacity=2)
    services.register(make_member("already-booked", trusted=False), event)
    members = [make_member(f"racer-{number}", trusted=False) for number in range(MEMBERS)]
    start = threading.Barrier(MEMBERS)
    outcomes, errors = [], []

    def book(member):
        start.wait()
        try:
            for _ in range(200):
                try:
                    outcomes.append(services.register(member, event).status)
                    return
                except OperationalError as error:
                    if connection.vendor != "sqlite" or "locked" not in str(error):
                        raise
                    time.sleep(0.05)
            errors.append("still locked after 10 s")
        except Exception as error:  # noqa: BLE001 - any failure is reported by the assertion below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes) == ["registered"] + ["waitlisted"] * (MEMBERS - 1)
    assert Registration.objects.filter(event=event).booked().count() == event.capacity
