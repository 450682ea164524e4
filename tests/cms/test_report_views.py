"""The editors' reports: a period to look over, and each report as a CSV download."""

import csv
import io
from datetime import timedelta

import pytest

from django.utils import timezone

from cms.models import CaseStudyPage, PageViewCount
from cms.report_views import safe_cell
from tests.icase.community.helpers import admin_client_for, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme_editor():
    return admin_client_for(make_editor("report-lead", "programme-editor"))


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_usage_looks_back_over_the_chosen_period(programme_editor):
    case_study = CaseStudyPage.objects.live().first()
    today = timezone.localdate()
    PageViewCount.objects.create(page=case_study, day=today - timedelta(days=60), count=5)
    assert case_study.title not in programme_editor.get("/admin/reports/usage/").content.decode()
    page = programme_editor.get("/admin/reports/usage/?days=90").content.decode()
    assert case_study.title in page
    assert '<option value="90" selected>' in page
    rows = csv_rows(programme_editor.get("/admin/reports/usage/?days=90&export=csv"))
    assert rows[0] == ["Kind", "Title", "Address", "Count, last 90 days"]
    assert ["Page", case_study.title, case_study.url, "5"] in rows


def test_due_for_review_looks_ahead_over_the_chosen_period(programme_editor):
    case_study = CaseStudyPage.objects.live().select_related("pioneer").first()
    CaseStudyPage.objects.filter(pk=case_study.pk).update(
        review_date=timezone.localdate() + timedelta(days=80)
    )
    assert case_study.title not in programme_editor.get("/admin/reports/due-for-review/").content.decode()
    assert case_study.title in programme_editor.get("/admin/reports/due-for-review/?days=90").content.decode()
    rows = csv_rows(programme_editor.get("/admin/reports/due-for-review/?days=90&export=csv"))
    assert rows[0] == ["Page", "Address", "Owner", "Review date", "Overdue"]
    assert any(row[0] == case_study.title and row[2] == case_study.pioneer.title for row in rows)


def test_the_content_report_downloads_themes_and_pioneers(programme_editor):
    rows = csv_rows(programme_editor.get("/admin/reports/content/?export=csv"))
    kinds = {row[0] for row in rows[1:]}
    assert kinds == {"Theme", "Pioneer"}
    assert any(row[:2] == ["Pioneer", "Kent"] for row in rows)


@pytest.mark.parametrize("days", ["13", "-1", "abc", "9" * 40, "30; DROP TABLE"])
def test_a_period_not_on_the_list_is_explained_not_an_error(programme_editor, days):
    response = programme_editor.get("/admin/reports/usage/", {"days": days})
    assert response.status_code == 200
    assert "Choose a period from the list; showing 30 days." in response.content.decode()


def test_a_title_that_would_be_a_formula_is_written_as_text():
    assert safe_cell('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("Kent's discharge team") == "Kent's discharge team"
    assert safe_cell(12) == "12"


def test_downloads_are_refused_to_pioneer_editors():
    client = admin_client_for(make_editor("kent-csv", "pioneer-editor", "kent"))
    for url in ("/admin/reports/usage/", "/admin/reports/content/", "/admin/reports/due-for-review/"):
        assert client.get(url, {"export": "csv"}).status_code in (302, 403)
