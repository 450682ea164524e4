"""The explorer's CSV and JSON downloads: the same rows as the page, each with its source and evaluation."""

import csv
import io
import json

import pytest

from cms.models import CaseStudyOutcome

pytestmark = pytest.mark.django_db


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_csv_holds_every_outcome_with_its_source_and_evaluation(client):
    response = client.get("/outcomes/outcomes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="icase-outcomes.csv"'
    rows = csv_rows(response)
    assert len(rows) == 17
    assert {row["reported_in"] for row in rows} == {"case study", "pioneer profile"}
    for row in rows:
        assert row["source"].startswith("Integrated Care Pioneers: One Year On (NHS England, February 2015)")
        assert row["evaluation_level"] in {"Self-reported", "Local evaluation"}
        assert (
            row["evaluation_rule"]
            and row["reported_in_url"].startswith("http")
            and "/pioneers/" in row["reported_in_url"]
            and "#" in row["reported_in_url"]
        )
    first = next(row for row in rows if row["metric"] == "admissions to care homes")
    assert (first["metric"], first["direction"], first["value"], first["unit"]) == (
        "admissions to care homes",
        "fell",
        "35",
        "%",
    )
    assert first["period"] == "first year" and first["baseline"] == "" and first["population"] == ""
    savings = next(row for row in rows if row["metric"] == "predicted net savings")
    assert (savings["qualifier"], savings["value"], savings["unit"]) == ("some", "3000000", "£")
    assert savings["reported_in"] == "case study" and savings["case_study"].startswith(
        "The community independence service"
    )
    welc = next(row for row in rows if row["pioneer"].startswith("WELC"))
    assert (welc["reported_in"], welc["case_study"], welc["value"], welc["range_end"]) == (
        "pioneer profile",
        "",
        "8000000",
        "17000000",
    )
    assert welc["change"] == "saving of between £8m and £17m" and welc["period"] == "by 2017/18"
    roi = next(row for row in rows if row["metric"] == "return on investment")
    assert (roi["direction"], roi["value"], roi["unit"], roi["evaluation_level"]) == (
        "",
        "4",
        "ratio (as in 4:1)",
        "Local evaluation",
    )


def test_downloads_follow_the_filters_and_sort(client):
    params = {"kind": "cost", "evaluation": "self-reported", "sort": "newest"}
    assert len(csv_rows(client.get("/outcomes/outcomes.csv", params))) == 6
    data = json.loads(client.get("/outcomes/outcomes.json", params).content)
    assert data["count"] == 6 and data["sort"] == "newest"
    assert data["filters"] == {"kind": ["cost"], "evaluation": ["self-reported"]}
    assert {row["evaluation_level"] for row in data["outcomes"]} == {"Self-reported"}
    assert all(row["source"] for row in data["outcomes"])


def test_the_page_links_to_downloads_with_its_filters(client):
    html = client.get("/outcomes/", {"kind": "cost", "pioneer": "greenwich"}).content.decode()
    assert 'href="/outcomes/outcomes.csv?kind=cost&amp;pioneer=greenwich"' in html
    assert 'href="/outcomes/outcomes.json?kind=cost&amp;pioneer=greenwich"' in html
    assert "Download these 2 outcomes" in html


def test_spreadsheet_formulas_in_editor_text_are_defused(client):
    CaseStudyOutcome.objects.filter(metric="savings").update(metric='=HYPERLINK("http://example.com")')
    row = next(r for r in csv_rows(client.get("/outcomes/outcomes.csv")) if "HYPERLINK" in r["metric"])
    assert row["metric"].startswith("'=")


def test_an_empty_result_still_has_the_header(client):
    response = client.get(
        "/outcomes/outcomes.csv", {"kind": "cost", "pioneer": "worcestershire", "evaluation": "local"}
    )
    assert response.content.decode("utf-8").lstrip("\ufeff").startswith("reported_in,reported_in_url,")
    assert csv_rows(response) == []
    assert (
        json.loads(client.get("/outcomes/outcomes.json", {"evaluation": "peer-reviewed"}).content)["count"]
        == 17
    )
