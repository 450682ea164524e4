"""The findings of the seed review (issue 13): each invented or altered detail stays fixed."""

import re

import pytest

from cms.models import CaseStudyPage, PioneerProfilePage, ThemePick, ToolkitPage

pytestmark = pytest.mark.django_db


def text_of(response):
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_leeds_has_twelve_neighbourhood_teams_as_the_scie_table_says(client):
    for page in [
        PioneerProfilePage.objects.get(slug="leeds"),
        CaseStudyPage.objects.get(slug="leeds-neighbourhood-teams"),
    ]:
        text = text_of(client.get(page.url))
        assert "12 co-located integrated health and social care neighbourhood teams" in text
        assert "13 " not in text.replace("2013", "")


def test_outcome_qualifiers_are_stored_and_shown(client):
    greenwich = CaseStudyPage.objects.get(slug="greenwich-team-around-the-person")
    productivity = greenwich.outcomes.get(unit="percent", change=-5)  # a saving is a fall in cost
    assert productivity.qualifier == "over"
    assert "Saving of over 5%" in text_of(client.get(greenwich.url))
    worcestershire = CaseStudyPage.objects.get(slug="worcestershire-care-home-care-planning")
    assert worcestershire.outcomes.get(unit="gbp").display_value == "estimated at some £700,000"
    kent = text_of(client.get(PioneerProfilePage.objects.get(slug="kent").url))
    assert "estimated to exceed £200,000" in kent
    cornwall = text_of(client.get(PioneerProfilePage.objects.get(slug="cornwall-and-isles-of-scilly").url))
    assert "falling by nearly 50%" in cornwall


def test_worcestershire_figure_has_no_invented_period():
    outcomes = CaseStudyPage.objects.get(slug="worcestershire-care-home-care-planning").outcomes.all()
    assert {outcome.period for outcome in outcomes} == {""}


def test_figures_sit_only_where_the_report_puts_them():
    for slug in [
        "cornwall-volunteers-parity-of-esteem",
        "cornwall-evaluation-framework",
        "kent-proactive-reablement",
        "welc-capitated-budgets",
    ]:
        page = CaseStudyPage.objects.get(slug=slug)
        assert not page.outcomes.exists(), slug
        assert not re.search(r"\d+ ?%|£\d", page.summary + str(page.body)), slug


def test_independent_evaluation_only_where_a_source_says_so():
    assert not CaseStudyPage.objects.filter(evaluation_status="independent").exists()


def test_no_invented_operational_detail_in_sampled_case_studies():
    corner = CaseStudyPage.objects.get(slug="south-devon-torbay-corner-retreat-crisis-house")
    assert "mental health" not in (corner.summary + str(corner.body)).lower()
    lily = CaseStudyPage.objects.get(slug="west-norfolk-lily")
    assert "clubs" not in str(lily.body) and "transport" not in str(lily.body)


def test_pioneers_carry_no_invented_vision_partners_or_contact_team(client):
    west_norfolk = PioneerProfilePage.objects.get(slug="west-norfolk")
    assert west_norfolk.lead_organisation == "" and west_norfolk.partner_list == []
    for pioneer in PioneerProfilePage.objects.all():
        assert pioneer.vision == "" and pioneer.contact_details == "", pioneer.slug
        text = text_of(client.get(pioneer.url))
        assert "Skipton House, 80 London Road" in text
        assert "programme team" not in text.lower() and "programme office" not in text.lower()


def test_bullet_only_case_studies_invite_readers_to_ask_the_pioneer(client):
    page = CaseStudyPage.objects.get(slug="west-norfolk-eclipse-live")
    text = text_of(client.get(page.url))
    assert "Full case study to follow — ask the pioneer" in text
    assert f"ask={page.pioneer_id}" in client.get(page.url).content.decode()


def test_case_study_dates_are_months_as_the_report_gives_them(client):
    assert set(CaseStudyPage.objects.values_list("publication_date_precision", flat=True)) == {"month"}
    page = CaseStudyPage.objects.get(slug="kent-integrated-discharge-team")
    html = client.get(page.url).content.decode()
    assert '<time datetime="2015-02">February 2015</time>' in html


def test_toolkit_steps_are_not_credited_to_bodies_that_did_not_write_them():
    for slug in [
        "principles-for-workforce-integration",
        "payment-approaches-and-care-spend-estimation",
        "evaluation-framework-guide",
    ]:
        assert ToolkitPage.objects.get(slug=slug).publisher.startswith("ICASE editors"), slug


def test_editors_picks_claim_no_unreported_results():
    pick = ThemePick.objects.get(page__slug="kent-enhanced-rapid-response")
    assert "fall" not in pick.note.lower()
