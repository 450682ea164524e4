import pytest

from .helpers import make_people, raise_kent_barrier


@pytest.fixture
def people(db):
    return make_people()


@pytest.fixture
def barrier(people):
    return raise_kent_barrier(people["pioneer_editor"])
