"""Fixtures for the editorial role tests: Kent's and Greenwich's profiles, a Kent editor and a
programme editor, each signed in to the admin with two-factor authentication."""

import pytest

from cms.models import PioneerProfilePage
from tests.icase.community.helpers import admin_client_for, make_editor


@pytest.fixture
def kent():
    return PioneerProfilePage.objects.get(slug="kent")


@pytest.fixture
def greenwich():
    return PioneerProfilePage.objects.get(slug="greenwich")


@pytest.fixture
def kent_editor(kent):
    return admin_client_for(make_editor("kent-editor", "pioneer-editor", "kent"))


@pytest.fixture
def programme_editor():
    return admin_client_for(make_editor("programme-lead", "programme-editor"))
