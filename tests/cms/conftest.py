"""Fixtures for the editorial role tests: Kent's and Greenwich's profiles, a Kent editor and a
programme editor, each signed in to the admin with two-factor authentication."""

import io

import pytest

from django.core.management import call_command

from cms.models import PioneerProfilePage
from tests.cms.roles_helpers import admin_client
from tests.icase.community.helpers import make_member


@pytest.fixture
def kent():
    return PioneerProfilePage.objects.get(slug="kent")


@pytest.fixture
def greenwich():
    return PioneerProfilePage.objects.get(slug="greenwich")


@pytest.fixture
def kent_editor(kent):
    user = make_member("kent-editor")
    call_command("assign_role", user.email, "pioneer-editor", "--pioneer", "kent", stdout=io.StringIO())
    return admin_client(user)


@pytest.fixture
def programme_editor():
    user = make_member("programme-lead")
    call_command("assign_role", user.email, "programme-editor", stdout=io.StringIO())
    return admin_client(user)
