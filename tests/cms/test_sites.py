"""The request's Wagtail site is kept per content generation (cms/sites.py), and a change to the
sites is obeyed by the next request."""

import pytest

from wagtail.models import Site

from cms.models import StandardPage

pytestmark = pytest.mark.django_db


def test_a_new_site_for_a_host_is_used_by_the_next_request(client, uncached_responses):
    page = StandardPage.objects.live().public().order_by("path").first()
    assert client.get("/", HTTP_HOST="other.example").status_code == 200  # the default site
    Site.objects.create(hostname="other.example", port=80, root_page=page, is_default_site=False)
    response = client.get("/", HTTP_HOST="other.example")
    assert response.status_code == 200
    assert response.context["page"].pk == page.pk


def test_the_site_kept_is_the_site_wagtail_finds(client, uncached_responses):
    client.get("/about/")
    response = client.get("/about/")
    assert response.wsgi_request._wagtail_site == Site.objects.get(is_default_site=True)
