"""`manage.py load_initial_data` is one command in the project package that calls each app's seed
step in order, rather than an app shadowing another's command through INSTALLED_APPS order."""

from io import StringIO
from pathlib import Path

import pytest

from django.apps import apps
from django.core.management import call_command, find_commands, get_commands

from cms import seed as content_seed
from cms.models import SeedRecord
from icase.community import seed as community_seed
from icase.community.models import Category
from icase.management.commands.load_initial_data import SEED_STEPS
from icase.privacy import roles as privacy_roles

pytestmark = pytest.mark.django_db


def test_the_command_is_the_project_packages_and_no_app_defines_another():
    assert get_commands()["load_initial_data"] == "icase"
    defining = [
        config.name
        for config in apps.get_app_configs()
        if "load_initial_data" in find_commands(str(Path(config.path) / "management"))
    ]
    assert defining == ["icase"]


def test_content_comes_before_the_community_categories_that_read_its_themes():
    assert list(SEED_STEPS) == [content_seed.load, community_seed.load, privacy_roles.load]


def test_a_second_run_counts_every_steps_entries():
    out = StringIO()
    call_command("load_initial_data", stdout=out)
    assert Category.objects.filter(kind=Category.THEME).exists()
    role_entries = privacy_roles.load(stdout=StringIO())["unchanged"]
    assert f"no changes ({SeedRecord.objects.count() + role_entries} entries checked)" in out.getvalue()


def test_the_seeded_network_events_belong_to_their_networks_and_an_editors_change_stays(client):
    from cms.models import LearningEventPage

    runs = dict(LearningEventPage.objects.exclude(network="").values_list("slug", "network"))
    assert runs == {
        "informatics-network": "informatics-network",
        "sample-informatics-network-meeting": "informatics-network",
        "integrated-care-payment-forum": "integrated-care-payment-forum",
        "sample-payment-forum-meeting": "integrated-care-payment-forum",
    }
    network_page = client.get("/community/c/informatics-network/").content.decode()
    assert "Informatics network meeting (sample event)" in network_page
    event = LearningEventPage.objects.get(slug="sample-informatics-network-meeting")
    event.network = ""
    event.save_revision().publish()
    call_command("load_initial_data", stdout=StringIO())
    assert LearningEventPage.objects.get(pk=event.pk).network == ""
