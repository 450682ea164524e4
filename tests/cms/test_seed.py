"""The seed content: complete against the source documents, idempotent, and free of placeholders."""

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
import yaml

from django.conf import settings
from django.core.management import CommandError, call_command

from wagtail.models import Page

from cms.models import (
    CaseStudyPage,
    IStatement,
    LearningEventPage,
    PioneerProfilePage,
    Theme,
    ThemedCollectionPage,
    ToolkitPage,
)

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
REPORT = SEEDS / "2015-02-integrated-care-pioneers-one-year-on.txt"
PLACEHOLDER = re.compile(r"lorem|ipsum|placeholder|\bTODO\b|\bTBC\b|example\.(com|org)|dolor sit", re.I)

pytestmark = pytest.mark.django_db


def report_bullets():
    text = REPORT.read_text(encoding="utf-8")
    return [
        b.replace("\\(", "(").replace("\\)", ")") for b in re.findall(r"^- \[(.+?)\]\(#\)\s*$", text, re.M)
    ]


def test_the_source_documents_are_beside_the_project():
    assert REPORT.exists(), f"expected the seed documents at {SEEDS}"


def test_all_fifteen_pioneer_localities_exist():
    pioneers = PioneerProfilePage.objects.live()
    assert pioneers.count() == 15
    assert pioneers.filter(status="pioneer").count() == 14
    assert pioneers.get(status="advanced-supporter").title == "West Norfolk"


def test_pioneers_carry_the_scie_table_figures():
    assert PioneerProfilePage.objects.get(slug="kent").population_covered == 1_480_200
    assert PioneerProfilePage.objects.get(slug="barnsley").population_covered == 231_900
    greenwich = PioneerProfilePage.objects.get(slug="greenwich")
    assert "Oxleas NHS Foundation Trust" in greenwich.partner_list
    assert "54,000" in greenwich.population_note


def test_every_case_study_named_in_the_report_exists_tied_to_a_pioneer_and_theme():
    bullets = report_bullets()
    assert len(bullets) == 40
    fixture = yaml.safe_load((Path(settings.BASE_DIR) / "fixtures" / "case_studies.yaml").read_text())
    by_bullet = {entry["report_bullet"]: entry["slug"] for entry in fixture["entries"]}
    assert sorted(by_bullet) == sorted(bullets)
    live = {page.slug: page for page in CaseStudyPage.objects.live().prefetch_related("themes")}
    for bullet in bullets:
        page = live[by_bullet[bullet]]
        assert page.pioneer_id, bullet
        assert page.themes.exists(), bullet


def test_case_studies_carry_the_reported_outcomes():
    greenwich = CaseStudyPage.objects.get(slug="greenwich-team-around-the-person")
    assert greenwich.outcomes.get(metric="admissions to care homes").change == -35
    worcestershire = CaseStudyPage.objects.get(slug="worcestershire-care-home-care-planning")
    attendance = worcestershire.outcomes.get(unit="percent")
    assert attendance.change == -23
    assert attendance.period == ""  # the report gives no period
    kent = PioneerProfilePage.objects.get(slug="kent")
    assert "55% reduction in non-elective admissions" in kent.achievements  # Proactive Care, on the profile


def test_every_theme_from_the_report_exists():
    enablers = set(Theme.objects.filter(kind=Theme.ENABLER).values_list("name", flat=True))
    assert enablers == {
        "Systems leadership and governance",
        "Public involvement and co-production",
        "Workforce transformation",
        "Information governance and informatics",
        "New payment approaches",
        "Commissioning, contracting and provider models",
        "Capturing, sharing and evaluating learning",
    }
    assert Theme.objects.filter(kind=Theme.CARE_MODEL).count() == 10
    assert Theme.objects.get(slug="information-governance").short_name == "IG"


def test_all_i_statements_are_loaded_in_their_groups():
    assert IStatement.objects.count() == 38
    assert IStatement.objects.filter(group="care_planning").count() == 10
    assert IStatement.objects.filter(text="I tell my story once.").exists()


def test_required_toolkits_events_and_collections_exist():
    toolkit_slugs = set(ToolkitPage.objects.live().values_list("slug", flat=True))
    assert {
        "i-statements-narrative",
        "principles-for-workforce-integration",
        "payment-approaches-and-care-spend-estimation",
        "information-sharing-s251-template",
        "evaluation-framework-guide",
        "pioneer-selection-criteria-self-assessment",
    } <= toolkit_slugs
    kinds = set(LearningEventPage.objects.live().values_list("kind", flat=True))
    assert {"assembly", "network", "conference", "webinar", "workshop"} <= kinds
    assert ThemedCollectionPage.objects.live().count() >= 3
    assert ThemedCollectionPage.objects.get(slug="sharing-information-safely").items.count() >= 5


def test_toolkit_downloads_are_real_documents():
    toolkit = ToolkitPage.objects.get(slug="payment-approaches-and-care-spend-estimation")
    document = toolkit.downloads.get().document
    assert document.description
    with document.file.open() as handle:
        assert b"Non-elective admissions" in handle.read()


def test_no_page_contains_placeholder_text(client):
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        text = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", response.content.decode(), flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        match = PLACEHOLDER.search(text)
        assert match is None, f"{page.url} contains placeholder text: {match.group(0)!r}"


def test_a_second_load_changes_nothing_and_says_so():
    revisions_before = CaseStudyPage.objects.get(slug="kent-proactive-reablement").revisions.count()
    out = StringIO()
    call_command("load_initial_data", stdout=out)
    assert "no changes" in out.getvalue()
    assert CaseStudyPage.objects.get(slug="kent-proactive-reablement").revisions.count() == revisions_before
    assert PioneerProfilePage.objects.count() == 15


def test_a_second_load_keeps_the_pioneer_outcomes_as_they_are():
    from cms.models import PioneerOutcome

    before = sorted(PioneerOutcome.objects.values_list("pk", "page__slug", "change"))
    assert len(before) == 11
    call_command("load_initial_data", stdout=StringIO())
    assert sorted(PioneerOutcome.objects.values_list("pk", "page__slug", "change")) == before


def test_an_unknown_population_group_on_a_pioneer_outcome_names_the_entry(tmp_path, settings):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(Path(settings.BASE_DIR) / "fixtures", fixtures)
    path = fixtures / "pioneers.yaml"
    path.write_text(path.read_text().replace("population_group: dementia", "population_group: dementa"))
    from cms.seed import SeedError, SeedLoader

    with pytest.raises(SeedError, match=r"pioneers\.yaml, southend-on-sea: unknown population group"):
        SeedLoader(fixtures_dir=fixtures).run()


def test_a_changed_fixture_updates_only_its_entry(tmp_path, settings):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(Path(settings.BASE_DIR) / "fixtures", fixtures)
    path = fixtures / "pioneers.yaml"
    path.write_text(path.read_text().replace("short_name: Kent", "short_name: Kent County"))

    from cms.seed import SeedLoader

    counts = SeedLoader(fixtures_dir=fixtures).run()
    assert counts["updated"] == 1
    assert counts["created"] == 0
    assert PioneerProfilePage.objects.get(slug="kent").short_name == "Kent County"
    assert PioneerProfilePage.objects.get(slug="kent").outcomes.count() == 2  # rewritten, not doubled


def test_a_broken_reference_names_the_entry(tmp_path, settings):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(Path(settings.BASE_DIR) / "fixtures", fixtures)
    path = fixtures / "case_studies.yaml"
    path.write_text(path.read_text().replace("pioneer: kent\n", "pioneer: kentish-town\n", 1))
    from cms import seed

    original = seed.FIXTURES_DIR
    seed.FIXTURES_DIR = fixtures
    try:
        with pytest.raises(
            CommandError, match=r"case_studies\.yaml, kent-integrated-discharge-team: unknown pioneer"
        ):
            call_command("load_initial_data")
    finally:
        seed.FIXTURES_DIR = original
