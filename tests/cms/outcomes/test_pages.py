"""Outcomes where readers meet them: on each case study, and summarised on its pioneer's profile."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import CaseStudyOutcome, CaseStudyPage, PioneerOutcome, PioneerProfilePage

pytestmark = pytest.mark.django_db


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_case_study_shows_each_outcome_with_qualifier_evaluation_and_source(client):
    page = CaseStudyPage.objects.get(slug="greenwich-team-around-the-person")
    html = client.get(page.url).content.decode()
    text = text_of(html)
    assert "Saving of over 5%" in text and "Fell by 35%" in text and "Saving of £900,000" in text
    assert "Local evaluation" in text and "Self-reported" in text
    assert "Period: first 12 months of operation" in text and "Population or setting: not stated" in text
    assert text.count("Integrated Care Pioneers: One Year On (NHS England, February 2015), section 4.1") >= 3
    for outcome in page.outcomes.all():
        assert f'id="outcome-{outcome.pk}"' in html  # where /outcomes/ links "as cited on the case study"
    assert "How evaluation levels are decided" in text
    assert 'href="/outcomes/?kind=care-home-admissions&amp;kind=cost"' in html


def test_a_case_study_without_outcomes_has_no_outcomes_section(client):
    html = client.get(CaseStudyPage.objects.get(slug="kent-proactive-reablement").url).content.decode()
    assert 'id="outcomes"' not in html


def test_a_pioneer_profile_summarises_its_measured_outcomes(client):
    greenwich = PioneerProfilePage.objects.get(slug="greenwich")
    html = client.get(greenwich.url).content.decode()
    text = text_of(html)
    assert "Measured outcomes" in text
    assert "3 measured outcomes from 1 of Greenwich’s case studies" in text
    assert text.index("Admissions to care homes: fell by 35%") < text.index("Productivity saving: over 5%")
    outcome = CaseStudyOutcome.objects.get(metric="social care budget")
    assert f'href="{outcome.page.url}#outcome-{outcome.pk}"' in html
    assert 'href="/outcomes/?pioneer=greenwich"' in html


def test_a_pioneer_profile_shows_its_own_outcomes_with_anchors(client):
    kent = PioneerProfilePage.objects.get(slug="kent")
    html = client.get(kent.url).content.decode()
    text = text_of(html)
    assert "2 measured outcomes the sources give for Kent itself" in text
    assert "Non-elective admissions: fell by 55%" in text
    assert "Savings so far: estimated to exceed £200,000" in text  # "saving" once
    assert "first group of 134 patients, Proactive Care service" in text
    for outcome in kent.outcomes.all():
        assert f'id="pioneer-outcome-{outcome.pk}"' in html  # where /outcomes/ links
    assert text.count("Integrated Care Pioneers: One Year On (NHS England, February 2015), section 4.1") >= 2
    assert 'href="/outcomes/?pioneer=kent"' in html


def test_a_pioneer_profile_shows_its_own_and_its_case_studies_outcomes(client):
    cornwall = client.get(PioneerProfilePage.objects.get(slug="cornwall-and-isles-of-scilly").url)
    text = text_of(cornwall.content.decode())
    assert "4 measured outcomes the sources give for Cornwall itself" in text
    assert "Return on investment: estimated at 4:1" in text and "Local evaluation" in text
    assert text.index("People admitted to hospital: fell by nearly 50%") < text.index(
        "Quality of life indicators: rose by 18%"
    )


def test_a_pioneer_without_outcomes_says_nothing_about_them(client):
    barnsley = client.get(PioneerProfilePage.objects.get(slug="barnsley").url).content.decode()
    assert 'id="measured-outcomes"' not in barnsley


def test_the_pioneer_summary_costs_the_same_queries_however_many_outcomes(client, uncached_responses):
    greenwich = PioneerProfilePage.objects.get(slug="greenwich")
    client.get(greenwich.url)
    with CaptureQueriesContext(connection) as before:
        client.get(greenwich.url)
    page = CaseStudyPage.objects.get(slug="greenwich-team-around-the-person")
    for number in range(3):
        CaseStudyOutcome.objects.create(
            page=page, metric=f"measure {number}", change=-number - 1, unit="percent", source="Local audit"
        )
        PioneerOutcome.objects.create(
            page=greenwich, metric=f"own measure {number}", change=-number - 1, unit="percent", source="Audit"
        )
    client.get(greenwich.url)  # the new outcomes changed the navigation's cache key: warm it again
    with CaptureQueriesContext(connection) as after:
        html = client.get(greenwich.url).content.decode()
    assert "6 measured outcomes from 1 of Greenwich’s case studies" in text_of(html)
    assert "3 measured outcomes the sources give for Greenwich itself" in text_of(html)
    assert len(after) == len(before)


def test_the_case_studies_index_and_home_page_lead_to_the_explorer(client):
    """The explorer is a view of the case studies' and pioneers' evidence, so it is reached from
    the case studies section and the home page's case studies, not given a header slot of its own."""
    index = client.get("/case-studies/").content.decode()
    before_listing = index.split("<main", 1)[1].split('class="icase-finder"', 1)[0]
    assert '<a class="nhsuk-action-link" href="/outcomes/">' in before_listing
    assert "Compare measured outcomes" in text_of(before_listing)
    home = client.get("/").content.decode()
    assert '<a class="nhsuk-action-link" href="/outcomes/">' in home
    assert "Compare measured outcomes" in text_of(home)


def test_the_explorer_sits_under_case_studies_in_its_breadcrumbs(client):
    html = client.get("/outcomes/").content.decode()
    crumbs = html.split('<nav class="nhsuk-breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/"' in crumbs and 'href="/case-studies/"' in crumbs
    assert "Back to&nbsp;</span>Case studies" in crumbs
