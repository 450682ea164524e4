"""Shared test set-up: the database is migrated and seeded once per session from fixtures/.

Tests run inside transactions that roll back, so each one sees the seeded site unchanged.
"""

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_initial_data", verbosity=0)


@pytest.fixture
def home(db):
    from cms.models import HomePage

    return HomePage.objects.get()
