"""Control characters and parameter floods get a plain 400 before any view (icase/security/input.py)."""

import pytest

from django.test import RequestFactory

from icase.security.input import problem_with
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def assert_refused(response, words):
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert words in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/search/?q=care%00plan",
        "/api/search/?theme=%00",
        "/api/search/suggest?q=re%00",
        "/case-studies/?page=1%0A",
        "/community/?%00=1",
        "/?next=%2F%0D%0ASet-Cookie:x",
    ],
)
def test_control_characters_in_the_query_string_are_refused(client, url):
    assert_refused(client.get(url), "control characters")


@pytest.mark.parametrize("path", ["/members/%00/", "/community/c/%01/", "/case-studies%0A/"])
def test_control_characters_in_the_path_are_refused(client, path):
    client.force_login(make_member("path-reader"))
    assert_refused(client.get(path), "control characters")


def test_a_form_may_hold_tabs_and_line_breaks_but_no_other_control_characters(client):
    member = make_member("form-sender")
    client.force_login(member)
    body = "display_name=Ada&bio=line%20one%0D%0Aline%20two%09tabbed"
    ok = client.post("/accounts/profile/", body, content_type="application/x-www-form-urlencoded")
    assert ok.status_code in (200, 302, 400) and b"Bad request" not in ok.content
    refused = client.post(
        "/accounts/profile/", body + "%00", content_type="application/x-www-form-urlencoded"
    )
    assert_refused(refused, "form contained control characters")


def test_multipart_bodies_are_left_to_the_forms():
    """Reading a multipart body here would parse uploads before the story form sets its limits."""
    request = RequestFactory().post("/share-your-story/", {"title": "care\x00plan"})
    assert request.content_type == "multipart/form-data"
    assert problem_with(request) is None
    assert not hasattr(request, "_post"), "the body was not parsed"


def test_ordinary_input_passes(client):
    assert client.get("/search/", {"q": "virtual ward", "theme": ["digital", "workforce"]}).status_code == 200
    assert client.get("/search/?q=%ff%fe").status_code == 200, "invalid UTF-8 becomes U+FFFD, not an error"


def test_query_strings_are_capped_outside_the_admin(client, settings):
    settings.MAX_QUERY_PARAMETERS = 200
    allowed = "&".join(["theme=x"] * 200)
    assert client.get(f"/search/?{allowed}").status_code == 200
    assert_refused(client.get(f"/search/?{allowed}&theme=y"), "more than 200 parameters")
    assert_refused(client.get("/case-studies/?" + "&".join(["theme=x"] * 5_000)), "more than 200")
    admin = client.get("/admin/?" + "&".join(["id=1"] * 500))
    assert admin.status_code == 302, "the admin keeps Django's own limit (the sign-in redirect here)"
