"""/outcomes/, the outcomes explorer: rows, filters, sorting and a query count that does not grow."""

import re
from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import CaseStudyOutcome, CaseStudyPage, PioneerOutcome, PioneerProfilePage

from ..factories import CaseStudyPageFactory

pytestmark = pytest.mark.django_db


def rows(response):
    table = response.content.decode().split('class="nhsuk-table-responsive icase-outcomes-table"', 1)
    if len(table) == 1:
        return []
    body = table[1].split('<tbody class="nhsuk-table__body">', 1)[1].split("</tbody>")[0]
    return re.findall(r"<tr class=\"nhsuk-table__row\">(.*?)</tr>", body, re.S)


def changes(response):
    return [re.search(r"<strong>(.*?)</strong>", row).group(1) for row in rows(response)]


def count_text(response):
    return re.search(r"data-finder-count[^>]*>([^<]*)<", response.content.decode()).group(1)


def test_every_measured_outcome_is_listed_largest_effect_first(client):
    """Case studies' and pioneers' outcomes together: percentages, then pounds, then ratios."""
    response = client.get("/outcomes/")
    assert response.status_code == 200
    assert count_text(response) == "17 measured outcomes"
    assert changes(response) == [
        "Fell by 75%",
        "Fell by 55%",
        "Fell by nearly 50%",
        "Fell by 50%",
        "Fell by 40%",
        "Fell by 35%",
        "Fell by 23%",
        "Rose by 18%",
        "Fell by nearly 10%",
        "Saving of over 5%",
        "Saving of between £8m and £17m",
        "Saving of some £3m",
        "Saving of £900,000",
        "Saving estimated at some £700,000",
        "Saving estimated to exceed £200,000",
        "Saving of £200,000",
        "Estimated at 4:1",
    ]


def test_each_row_links_to_its_case_study_and_names_its_source(client):
    response = client.get("/outcomes/")
    greenwich = CaseStudyPage.objects.get(slug="greenwich-team-around-the-person")
    first = rows(response)[5]
    assert f'href="{greenwich.url}"' in first
    outcome = greenwich.outcomes.get(metric="admissions to care homes")
    assert f'href="{greenwich.url}#outcome-{outcome.pk}"' in first
    assert "Integrated Care Pioneers: One Year On (NHS England, February 2015), section 4.1" in first
    assert "Self-reported" in first and "first year" in first
    assert "Reported in the case study" in first
    worcestershire = rows(response)[6]
    assert "Population or setting: care home residents" in worcestershire
    assert "Period: not stated" in worcestershire  # the source gives none


def test_a_pioneer_outcome_links_to_its_place_on_the_profile_and_names_its_source(client):
    response = client.get("/outcomes/", {"pioneer": "kent"})
    kent = PioneerProfilePage.objects.get(slug="kent")
    first = rows(response)[0]
    outcome = kent.outcomes.get(metric="non-elective admissions")
    assert f'href="{kent.url}"' in first and f'href="{kent.url}#pioneer-outcome-{outcome.pk}"' in first
    assert "Reported on the pioneer profile" in first and "Kent" in first
    assert "Population or setting: first group of 134 patients, Proactive Care service" in first
    assert "Integrated Care Pioneers: One Year On (NHS England, February 2015), section 4.1" in first
    assert changes(response) == ["Fell by 55%", "Saving estimated to exceed £200,000"]


def test_newest_sort_and_unknown_values_are_safe(client):
    newest = client.get("/outcomes/", {"sort": "newest"})
    assert len(rows(newest)) == 17 and 'value="newest" selected' in newest.content.decode()
    odd = client.get("/outcomes/", {"sort": "<script>", "kind": "nonsense", "pioneer": "nowhere"})
    assert odd.status_code == 200 and count_text(odd) == "17 measured outcomes"
    assert "<script>" not in odd.content.decode().split("<main", 1)[1].split("</main>")[0]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"kind": "cost"}, 8),
        ({"kind": ["cost", "ae-attendances"]}, 9),
        ({"evaluation": "local"}, 4),
        ({"pioneer": "worcestershire"}, 2),
        ({"pioneer": "cornwall-and-isles-of-scilly"}, 4),
        ({"pioneer": ["kent", "greenwich"]}, 5),
        ({"population": "care-home-residents"}, 3),
        ({"population": "dementia"}, 1),
        ({"theme": "payment-approaches"}, 2),
        ({"kind": "cost", "pioneer": "greenwich"}, 2),
        ({"kind": "readmissions", "evaluation": "self-reported", "population": "mental-health"}, 1),
    ],
)
def test_filters_narrow_the_rows(client, params, expected):
    response = client.get("/outcomes/", params)
    assert len(rows(response)) == expected
    assert count_text(response).startswith(f"{expected} measured outcome")


def test_the_filters_are_a_plain_get_form_that_carries_the_sort(client):
    html = client.get("/outcomes/", {"sort": "newest", "kind": "cost"}).content.decode()
    form = html.split('<form class="icase-filters"', 1)[1].split("</form>")[0]
    assert 'method="get"' in form and 'name="kind"' in form and 'name="pioneer"' in form
    assert 'name="evaluation"' in form and 'name="population"' in form and 'name="theme"' in form
    assert '<input type="hidden" name="sort" value="newest">' in form
    sort_form = html.split('<form class="icase-finder__sort icase-outcomes__sort"', 1)[1].split("</form>")[0]
    assert '<input type="hidden" name="kind" value="cost">' in sort_form
    assert "Kind of measure: Cost and savings" in html  # the active filter, removable


def test_only_live_public_case_studies_count(client):
    CaseStudyPage.objects.get(slug="worcestershire-care-home-care-planning").unpublish()
    assert count_text(client.get("/outcomes/")) == "15 measured outcomes"
    PioneerProfilePage.objects.get(slug="kent").unpublish()
    assert count_text(client.get("/outcomes/")) == "13 measured outcomes"


def test_the_query_count_does_not_grow_with_the_outcomes(
    client, django_assert_num_queries, uncached_responses
):
    client.get("/outcomes/")  # warm the site root paths and navigation caches
    with CaptureQueriesContext(connection) as before:
        client.get("/outcomes/", {"kind": "cost"})
    expected = len(before)  # now: the connection's query log is a bounded deque
    kent = PioneerProfilePage.objects.get(slug="kent")
    for number in range(3):
        page = CaseStudyPageFactory(parent=kent, title=f"Kent service {number}")
        for size in (10, 20):
            CaseStudyOutcome.objects.create(
                page=page,
                metric="emergency admissions",
                metric_kind="cost",
                change=Decimal(-size),
                unit="percent",
                source="Local audit",
            )
            PioneerOutcome.objects.create(
                page=kent,
                metric=f"bed days {number}",
                metric_kind="cost",
                change=Decimal(-size - number),
                unit="percent",
                source="Local audit",
            )
    client.get("/outcomes/")  # the new pages changed the navigation's cache key: warm it again
    with django_assert_num_queries(expected):
        response = client.get("/outcomes/", {"kind": "cost"})
    assert len(rows(response)) == 8 + 12
