"""Serving a page reuses what the routing walk loaded (cms/routing.py, cms/page_view.py), and
`.public()` filters in the query itself (cms/models/mixins.py). Both must keep Wagtail's rules
exactly: a view restriction on the page, any ancestor or the site's home page applies; an alias
is restricted like its source; the breadcrumbs are the page's ancestors."""

import pytest

from django.urls import reverse

from wagtail.models import Page, PageViewRestriction

from cms.models import CaseStudyIndexPage, CaseStudyPage, HomePage, PioneerIndexPage, PioneerProfilePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study():
    return CaseStudyPage.objects.live().order_by("path").first()


def restrict(page, kind=PageViewRestriction.LOGIN, password=""):
    return PageViewRestriction.objects.create(page=page, restriction_type=kind, password=password)


def served(client, page):
    return client.get(page.url)


def test_an_unrestricted_page_is_served(client, uncached_responses, case_study):
    assert served(client, case_study).status_code == 200


@pytest.mark.parametrize("restricted", ["self", "pioneer", "pioneer index", "home"])
def test_a_login_restriction_on_the_page_or_any_ancestor_asks_anonymous_visitors_to_sign_in(
    client, uncached_responses, case_study, restricted
):
    page = {
        "self": case_study,
        "pioneer": case_study.get_parent(),
        "pioneer index": PioneerIndexPage.objects.get(),
        "home": HomePage.objects.get(),
    }[restricted]
    restrict(page)

    response = served(client, case_study)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_password_restriction_on_an_ancestor_shows_the_password_form(
    client, uncached_responses, case_study
):
    restrict(case_study.get_parent(), PageViewRestriction.PASSWORD, password="a-shared-secret")

    response = served(client, case_study)

    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert case_study.title.encode() not in response.content


def test_a_restriction_on_the_home_page_applies_to_the_home_page_itself(client, uncached_responses):
    restrict(HomePage.objects.get())

    assert client.get("/").status_code == 302


def test_an_alias_under_an_open_section_is_restricted_like_its_source(client, uncached_responses, case_study):
    other_pioneer = PioneerProfilePage.objects.exclude(pk=case_study.pioneer_id).order_by("path").first()
    alias = case_study.create_alias(parent=other_pioneer, update_slug=f"{case_study.slug}-alias")
    assert served(client, alias).status_code == 200

    restrict(case_study)

    assert served(client, alias).status_code == 302


def test_the_breadcrumbs_are_the_ancestors_below_the_tree_root(client, uncached_responses, case_study):
    content = served(client, case_study).content.decode()
    trail = content[
        content.index('class="nhsuk-breadcrumb"') : content.index("</nav>", content.index("nhsuk-breadcrumb"))
    ]

    pioneer = case_study.get_parent()
    assert [f'href="{url}"' in trail for url in ("/", PioneerIndexPage.objects.get().url, pioneer.url)] == [
        True,
        True,
        True,
    ]
    assert trail.index(PioneerIndexPage.objects.get().url) < trail.index(pioneer.url)
    assert f'href="{case_study.url}"' not in trail


def test_a_missing_or_draft_page_is_not_found(client, uncached_responses, case_study):
    assert client.get(f"{case_study.get_parent().url}no-such-page/").status_code == 404
    case_study.unpublish()
    assert served(client, case_study).status_code == 404


def test_public_leaves_out_a_restricted_section_and_everything_below_it_and_nothing_else(case_study):
    pioneer = case_study.get_parent()
    before = set(Page.objects.live().public().values_list("pk", flat=True))
    restrict(pioneer)

    below = set(pioneer.get_descendants(inclusive=True).values_list("pk", flat=True))
    public_now = set(CaseStudyPage.objects.live().public().values_list("pk", flat=True))
    assert public_now == {pk for pk in before if pk not in below} & set(
        CaseStudyPage.objects.values_list("pk", flat=True)
    )
    assert PioneerProfilePage.objects.public().filter(pk=pioneer.pk).exists() is False
    assert set(CaseStudyPage.objects.not_public().values_list("pk", flat=True)) == below - {pioneer.pk}


def test_a_page_whose_path_only_starts_like_a_restricted_page_stays_public(case_study):
    """A restriction on page 0001000200030004 covers 00010002000300040001, not 0001000200030005."""
    indexes = CaseStudyIndexPage.objects.all()
    first_pioneer, second_pioneer = PioneerProfilePage.objects.order_by("path")[:2]
    restrict(first_pioneer)

    assert PioneerProfilePage.objects.public().filter(pk=second_pioneer.pk).exists()
    assert indexes.public().count() == indexes.count()


def test_a_restriction_added_or_removed_after_a_visit_applies_at_once(client, uncached_responses, case_study):
    """The view restrictions are kept per content generation (cms/routing.py): any change to
    them is a change of generation, so the very next request obeys it."""
    assert served(client, case_study).status_code == 200
    restriction = restrict(case_study.get_parent())
    assert served(client, case_study).status_code == 302
    restriction.delete()
    assert served(client, case_study).status_code == 200
