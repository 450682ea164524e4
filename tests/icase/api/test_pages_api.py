"""The open content API: fields, filters, pagination, the OpenAPI description, the rate limit,
and no private page or draft for anyone (the same answer for every role)."""

import pytest

from django.core.cache import cache
from django.test import Client

from wagtail.models import PageViewRestriction

from cms.models import CaseStudyPage, PioneerProfilePage
from tests.cms.factories import CaseStudyPageFactory
from tests.icase.community.helpers import make_member, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_case_studies_with_themes_pioneer_outcomes_and_dates(client):
    data = client.get("/api/v1/pages/?type=case-study&page_size=100").json()
    assert data["count"] == CaseStudyPage.objects.live().public().count()
    kent = next(item for item in data["results"] if item["url"].endswith("/kent-proactive-reablement/"))
    page = CaseStudyPage.objects.get(slug="kent-proactive-reablement")
    assert kent["pioneer"]["slug"] == "kent"
    assert kent["publication_date"] == page.publication_date.isoformat()
    assert {theme["slug"] for theme in kent["themes"]} == set(page.themes.values_list("slug", flat=True))
    assert [outcome["metric"] for outcome in kent["outcomes"]] == [o.metric for o in page.outcomes.all()]


def test_filters_and_pagination(client):
    data = client.get("/api/v1/pages/?type=case-study&pioneer=kent").json()
    assert data["count"] == CaseStudyPage.objects.live().public().filter(pioneer__slug="kent").count()
    assert all(item["pioneer"]["slug"] == "kent" for item in data["results"])
    first = client.get("/api/v1/pages/?type=case-study&page_size=2").json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == 2 and first["previous"] is None
    assert {i["id"] for i in first["results"]}.isdisjoint({i["id"] for i in second["results"]})
    theme = first["results"][0]["themes"][0]["slug"]
    themed = client.get(f"/api/v1/pages/?type=toolkit&theme={theme}").json()
    assert all(theme in {t["slug"] for t in item["themes"]} for item in themed["results"])
    for type_name in ["toolkit", "event", "pioneer", "collection"]:
        assert client.get(f"/api/v1/pages/?type={type_name}").json()["count"] > 0


@pytest.mark.parametrize(
    "query",
    [
        "",
        "type=nothing",
        "type=toolkit&pioneer=kent",
        "type=case-study&page=abc",
        "type=case-study&published_since=x",
    ],
)
def test_bad_parameters_are_400_with_a_reason(client, query):
    response = client.get(f"/api/v1/pages/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]


def test_queries_do_not_grow_with_the_page_size(client, django_assert_max_num_queries):
    client.get("/api/v1/pages/?type=case-study&page_size=1")
    with django_assert_max_num_queries(8):
        client.get("/api/v1/pages/?type=case-study&page_size=100")


def test_openapi_description_is_served(client):
    description = client.get("/api/v1/openapi.json").json()
    assert description["openapi"].startswith("3.")
    assert "/api/v1/pages/" in description["paths"]


def test_the_rate_limit_answers_429(client):
    for _ in range(60):
        assert client.get("/api/v1/pages/?type=pioneer&page_size=1").status_code == 200
    response = client.get("/api/v1/pages/?type=pioneer&page_size=1")
    assert response.status_code == 429 and response["Retry-After"] == "60"


@pytest.mark.parametrize("role", ["anonymous", "member", "moderator", "superuser"])
def test_no_private_pages_or_drafts_for_any_role(role):
    kent = PioneerProfilePage.objects.get(slug="kent")
    private = CaseStudyPageFactory(parent=kent, title="Private API study")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = CaseStudyPageFactory(parent=kent, title="Draft API study")
    draft.unpublish()
    client = Client()
    if role == "member":
        client.force_login(make_member("api-member"))
    elif role == "moderator":
        client.force_login(make_moderator("api-moderator"))
    elif role == "superuser":
        from django.contrib.auth import get_user_model

        client.force_login(
            get_user_model().objects.create_superuser("api-admin", "api-admin@example.org", "x")
        )
    data = client.get("/api/v1/pages/?type=case-study&pioneer=kent&page_size=100").json()
    titles = {item["title"] for item in data["results"]}
    assert "Private API study" not in titles and "Draft API study" not in titles
    assert titles  # Kent's public case studies are there
