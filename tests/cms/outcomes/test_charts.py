"""The outcome charts: server-rendered SVG with a text alternative and a table, no inline styles."""

import re
from decimal import Decimal

import pytest

from cms.models import CaseStudyOutcome, CaseStudyPage, PioneerOutcome
from cms.outcomes.charts import CHAR_WIDTH, MARGIN, VALUE_ROOM, WIDTH, before_after_chart, effect_charts

pytestmark = pytest.mark.django_db


def seeded():
    return list(CaseStudyOutcome.objects.select_related("page__pioneer"))


def test_one_chart_per_unit_with_bars_in_proportion():
    percent, pounds = effect_charts(seeded())
    assert percent.title == "Percentage change by kind of measure"
    bars = {bar.outcome.metric: bar for group in percent.groups for bar in group.bars}
    assert bars["admissions to care homes"].width == pytest.approx(WIDTH - 2 * MARGIN - VALUE_ROOM, abs=0.1)
    assert bars["A&E attendance from care homes"].width == pytest.approx(
        (WIDTH - 2 * MARGIN - VALUE_ROOM) * 23 / 35, abs=0.1
    )
    assert all(bar.fell for bar in bars.values())
    assert [group.label for group in pounds.groups] == ["Cost and savings"]
    for chart in (percent, pounds):  # every value fits: after its bar, or inside a long bar's end
        for bar in [bar for group in chart.groups for bar in group.bars]:
            inside = bar.inside or bar.inside_range
            end = bar.value_x if inside else bar.value_x + len(bar.value_text) * CHAR_WIDTH
            assert end <= WIDTH and (not bar.inside or bar.width > len(bar.value_text) * CHAR_WIDTH), bar


def test_a_range_is_drawn_to_both_ends_and_two_settings_are_told_apart():
    outcomes = seeded() + list(PioneerOutcome.objects.select_related("page"))
    percent, pounds = effect_charts(outcomes)
    bars = {bar.outcome.metric: bar for group in pounds.groups for bar in group.bars}
    welc = bars["expected net savings through reducing emergency admissions"]
    assert welc.value_text == "£8m to £17m" and welc.inside_range and not welc.inside
    assert welc.range_x == pytest.approx(MARGIN + welc.width, abs=0.1)
    assert welc.width + welc.range_width == pytest.approx(WIDTH - 2 * MARGIN - VALUE_ROOM, abs=0.2)
    assert welc.value_x - len(welc.value_text) * CHAR_WIDTH > welc.range_x  # text within the outline
    assert "saving of between £8m and £17m" in pounds.description
    labels = [" ".join(text for text, _ in bar.labels) for group in percent.groups for bar in group.bars]
    assert "Cornwall: people admitted to hospital (Penwith pilot site)" in labels
    assert "Cornwall: people admitted to hospital (Newquay)" in labels
    assert "South Devon and Torbay: emergency admissions from care homes" in labels  # not "(care homes)"
    assert all(row[2] for row in percent.rows)


def test_the_text_alternative_names_every_figure_with_its_qualifier():
    percent, pounds = effect_charts(seeded())
    assert "Greenwich: admissions to care homes, fell by 35%" in percent.description
    assert "saving of over 5%" in percent.description
    assert "saving estimated at some £700,000" in pounds.description
    assert pounds.description.startswith("3 outcomes")


def test_the_explorer_draws_accessible_charts_beside_their_tables(client):
    html = client.get("/outcomes/").content.decode()
    svgs = re.findall(r"<svg class=\"icase-chart\"[^>]*>.*?</svg>", html, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        labelled_by = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        assert all(f'id="{ident}"' in svg for ident in labelled_by)
    assert html.count("The chart’s figures") == 2
    assert " style=" not in html.split("<main", 1)[1]  # the CSP allows no inline styles
    filtered = client.get("/outcomes/", {"kind": "ae-attendances"}).content.decode()
    assert len(re.findall(r"<svg class=\"icase-chart\"", filtered)) == 1


def test_before_after_chart_only_where_a_baseline_is_known():
    outcome = CaseStudyOutcome.objects.select_related("page__pioneer").get(metric="admissions to care homes")
    assert before_after_chart(outcome) is None
    outcome.baseline, outcome.baseline_label = Decimal(200), "admissions a year"
    chart = before_after_chart(outcome)
    before, after = chart["levels"]
    assert (before.value_text, after.value_text) == ("200", "130")
    assert after.width == pytest.approx(before.width * 130 / 200, abs=0.1)
    assert chart["description"] == "Before: 200. After: 130 (fell by 35%)."
    assert chart["title"] == "Admissions to care homes: admissions a year, before and after"


def test_a_case_study_with_a_baseline_shows_its_before_and_after_chart(client):
    page = CaseStudyPage.objects.get(slug="greenwich-team-around-the-person")
    outcome = page.outcomes.get(metric="admissions to care homes")
    assert "before and after" not in client.get(page.url).content.decode()
    outcome.baseline, outcome.baseline_label = 200, "admissions a year"
    outcome.save(update_fields=["baseline", "baseline_label"])
    html = client.get(page.url).content.decode()
    assert "Admissions to care homes: admissions a year, before and after" in html
    assert "Before: 200. After: 130 (fell by 35%)." in html
