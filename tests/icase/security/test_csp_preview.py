"""S4 and the admin's preview panel: Wagtail renders a preview by replaying the page's public URL
through the middleware, so without care the preview carries the public `frame-ancestors 'none'`
and the preview and Checks panels stay blank. Previews (and only they) may be framed by the site's
own origin; every public page keeps the strict policy."""

import io

import pytest

from django.core.management import call_command
from django.test import RequestFactory

from wagtail.models import Page

from cms.models import CaseStudyPage, PioneerProfilePage
from tests.cms.test_roles import edit_form
from tests.icase.community.helpers import admin_client_for, make_member

from .test_headers import directives

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_editor():
    user = make_member("programme-lead")
    call_command("assign_role", user.email, "programme-editor", stdout=io.StringIO())
    return admin_client_for(user)


def frameable_by_the_admin_only(response):
    policy = directives(response.headers["Content-Security-Policy"])
    return (
        policy["frame-ancestors"] == ["'self'"]
        and response.headers["X-Frame-Options"] == "SAMEORIGIN"
        and policy["script-src"] == ["'self'"]  # otherwise the public page's strict policy
        and policy["style-src"] == ["'self'"]
        and policy["object-src"] == ["'none'"]
    )


def test_the_edit_preview_panel_may_be_framed_by_the_admin(programme_editor):
    page = CaseStudyPage.objects.live().first()
    url = f"/admin/pages/{page.pk}/edit/preview/"
    data = edit_form(programme_editor, page)
    data["title"] = "A title only the preview shows"
    assert programme_editor.post(url, data).json() == {"is_valid": True, "is_available": True}

    response = programme_editor.get(url, {"in_preview_panel": "true", "mode": ""})
    assert response.status_code == 200
    assert b"A title only the preview shows" in response.content
    assert frameable_by_the_admin_only(response)


def test_the_add_preview_panel_may_be_framed_by_the_admin(programme_editor):
    kent = PioneerProfilePage.objects.get(slug="kent")
    page = CaseStudyPage.objects.live().first()
    url = f"/admin/pages/add/cms/casestudypage/{kent.pk}/preview/"
    data = edit_form(programme_editor, page)
    data.update(title="A case study not yet saved", slug="not-yet-saved")
    assert programme_editor.post(url, data).json()["is_valid"] is True

    response = programme_editor.get(url, {"in_preview_panel": "true"})
    assert b"A case study not yet saved" in response.content
    assert frameable_by_the_admin_only(response)


def test_every_page_type_previews_frameable_and_serves_the_strict_policy(client):
    """Each page type once: its preview may be framed by the admin, its public page by nobody."""
    request = RequestFactory().get("/admin/")
    seen = set()
    for page in Page.objects.live().filter(depth__gt=1).specific():
        if type(page) in seen:
            continue
        seen.add(type(page))
        assert frameable_by_the_admin_only(page.make_preview_request(request)), type(page).__name__
        public = client.get(page.url)
        assert public.status_code == 200, page.url
        assert directives(public.headers["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
        assert public.headers["X-Frame-Options"] == "DENY"
    assert len(seen) >= 10


def test_a_visitor_cannot_ask_for_the_preview_policy(client):
    page = CaseStudyPage.objects.live().first()
    response = client.get(page.url, {"is_preview": "true"}, HTTP_IS_PREVIEW="true")
    assert directives(response.headers["Content-Security-Policy"])["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
