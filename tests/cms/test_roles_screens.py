"""Which admin screens each role reaches: programme editors manage taxonomy, search, reports and
redirects; a pioneer's editors reach none of them."""

import pytest

from django.test import Client

from tests.cms.roles_helpers import denied

pytestmark = pytest.mark.django_db


PROGRAMME_SCREENS = [
    "/admin/snippets/cms/theme/",
    "/admin/snippets/search/searchsynonym/",
    "/admin/searchpicks/",
    "/admin/reports/search-queries/",
    "/admin/reports/content/",
    "/admin/reports/due-for-review/",
    "/admin/reports/usage/",
    "/admin/community/members/",
    "/admin/pioneer-editors/",
    "/admin/redirects/",
]


@pytest.mark.parametrize("url", PROGRAMME_SCREENS)
def test_programme_editors_manage_taxonomy_search_and_reports(programme_editor, url):
    assert programme_editor.get(url).status_code == 200


@pytest.mark.parametrize("url", PROGRAMME_SCREENS + ["/admin/users/"])
def test_pioneer_editors_cannot_reach_programme_screens(kent_editor, url):
    assert denied(kent_editor.get(url)), url


def test_programme_editors_add_a_redirect_that_visitors_follow(programme_editor, kent):
    response = programme_editor.post(
        "/admin/redirects/add/",
        {"old_path": "/kent-pioneer", "site": "", "is_permanent": "on", "redirect_page": kent.pk},
    )
    assert response.status_code == 302, response.content[:2000]
    visit = Client().get("/kent-pioneer")
    assert visit.status_code == 301 and visit["Location"].rstrip("/").endswith("/pioneers/kent")
