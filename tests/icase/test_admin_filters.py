"""django-filter is a library Wagtail's admin imports, not an app of ours: it has no models, no
English translations, and Wagtail's filter widgets use Wagtail's own templates, so it is not in
INSTALLED_APPS. The admin's filtered listings and reports still render and filter."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from wagtail.models import Page

pytestmark = pytest.mark.django_db

FILTERED = [
    ("wagtailadmin_reports:workflow", "created_at_from=2020-01-01&created_at_to=2030-01-01"),
    ("wagtailadmin_reports:workflow_tasks", "started_at_from=2020-01-01&finished_at_to=2030-01-01"),
    ("wagtailadmin_reports:locked_pages", "locked_at_from=2020-01-01"),
    ("wagtailadmin_reports:aging_pages", "last_published_at=2030-01-01"),
    ("wagtailadmin_reports:site_history", "timestamp_from=2020-01-01&timestamp_to=2030-01-01"),
    ("wagtailusers_users:index", "last_login_from=2020-01-01"),
    ("wagtailsearchpromotions:search_terms", "hit_date_from=2020-01-01"),
]


def test_django_filter_is_not_an_installed_app():
    assert "django_filters" not in settings.INSTALLED_APPS


@pytest.fixture
def superuser_client():
    user = get_user_model().objects.create_superuser(
        "filters-admin", "filters-admin@example.org", "a-long-test-passphrase-1"
    )
    TOTP.activate(user, generate_totp_secret())  # the admin requires two-factor authentication
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("name, query", FILTERED)
def test_the_admins_filtered_reports_render(superuser_client, name, query):
    response = superuser_client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 200
    assert 'name="' + query.split("=", 1)[0] + '"' in response.content.decode()


def test_the_page_explorer_filters_by_date_range(superuser_client):
    home = Page.objects.get(depth=2)
    response = superuser_client.get(
        reverse("wagtailadmin_explore", args=[home.pk]), {"latest_revision_created_at_from": "2020-01-01"}
    )
    assert response.status_code == 200
    assert 'name="latest_revision_created_at_from"' in response.content.decode()
