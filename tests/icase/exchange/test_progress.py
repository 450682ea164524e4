"""Pioneer progress: objectives, a quarterly traffic-light report through Programme review, the
pioneer's timeline (SVG with a text table, never colour alone) and the /progress/ matrix."""

import pytest

from django.test import Client
from django.urls import reverse

from icase.exchange import progress
from icase.exchange.models import ProgressReport

from .helpers import ig_theme, pioneer

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def objective(people):
    return progress.add_objective(people["pioneer_editor"], pioneer("kent"), "Share care records", ig_theme())


def report_data(objective, quarter, rating="amber"):
    return {
        "quarter": quarter.isoformat(),
        f"rating_{objective.pk}": rating,
        f"narrative_{objective.pk}": "Records shared in two localities.",
        f"helped_{objective.pk}": "A shared agreement",
        f"got_in_the_way_{objective.pk}": "",
        "support_needed": "IG advice",
    }


def test_a_report_is_shown_only_after_programme_review(people, objective, barrier):
    quarter = progress.reportable_quarters()[1]
    kent_editor = signed_in(people["pioneer_editor"])
    form_url = reverse("exchange:submit_report", args=["kent"])
    bad = kent_editor.post(form_url, {"quarter": quarter.isoformat()})
    assert bad.status_code == 200 and "Choose a status for “Share care records”" in bad.content.decode()
    data = {**report_data(objective, quarter), f"barriers_{objective.pk}": [str(barrier.pk)]}
    response = kent_editor.post(form_url, data)
    report = ProgressReport.objects.get()
    assert response["Location"] == reverse("exchange:progress_report", args=[report.pk])
    assert list(report.statuses.get().barriers.all()) == [barrier]
    public = Client().get(reverse("exchange:pioneer_progress", args=["kent"])).content.decode()
    assert "Amber" not in public and "No approved progress report yet" in public
    profile = Client().get(pioneer("kent").url).content.decode()
    assert "Latest approved progress report" not in profile and "Amber" not in profile
    assert signed_in(people["member"]).get(response["Location"]).status_code == 404

    reviewer = signed_in(people["programme_editor"])
    matrix = reviewer.get(reverse("exchange:progress")).content.decode()
    assert "Awaiting review" in matrix and "Kent, Q" in matrix
    refused = reviewer.post(response["Location"], {"decision": "changes", "note": ""})
    assert "Say what needs to change" in refused.content.decode()
    reviewer.post(response["Location"], {"decision": "approve", "note": ""})
    assert ProgressReport.objects.get().state == ProgressReport.APPROVED

    page = Client().get(reverse("exchange:pioneer_progress", args=["kent"])).content.decode()
    assert "<svg" in page and "Amber: some problems" in page and ">A</text>" in page
    assert f'<th scope="row" class="nhsuk-table__header">{objective.title}</th>' in page
    profile = Client().get(pioneer("kent").url).content.decode()  # the profile's cached copy renews
    assert f"Latest approved progress report: {ProgressReport.objects.get().quarter_label}" in profile
    assert "<svg" in profile and "Amber: some problems" in profile
    assert reverse("exchange:pioneer_progress", args=["kent"]) in profile
    grid = Client().get(reverse("exchange:progress")).content.decode()
    assert "Amber: some problems" in grid
    rows = Client().get(reverse("exchange:progress_export")).content.decode().splitlines()
    kent_row = next(row for row in rows if row.startswith("Kent,"))
    assert "Amber" in kent_row


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", False),
        ("member", False),
        ("pioneer_member", False),
        ("pioneer_editor", True),
        ("other_editor", False),
        ("expert", False),
        ("programme_editor", True),
    ],
)
def test_who_may_submit_kents_report(people, objective, role, expected):
    client = signed_in(people[role]) if people[role] else Client()
    quarter = progress.reportable_quarters()[0]
    client.post(reverse("exchange:submit_report", args=["kent"]), report_data(objective, quarter))
    assert ProgressReport.objects.exists() is expected


def test_one_report_per_quarter_unless_sent_back(people, objective):
    quarter = progress.reportable_quarters()[0]
    ratings = {objective.pk: {"rating": "green", "narrative": "Fine"}}
    report = progress.submit_report(people["pioneer_editor"], pioneer("kent"), quarter, ratings)
    with pytest.raises(progress.Refused, match="already submitted"):
        progress.submit_report(people["pioneer_editor"], pioneer("kent"), quarter, ratings)
    progress.review_report(people["programme_editor"], report, approve=False, note="Add figures")
    progress.submit_report(people["pioneer_editor"], pioneer("kent"), quarter, ratings)
    assert ProgressReport.objects.get().state == ProgressReport.SUBMITTED


def test_reports_cannot_be_for_a_future_quarter(people, objective):
    from datetime import date

    ratings = {objective.pk: {"rating": "green", "narrative": "Fine"}}
    with pytest.raises(progress.Refused, match="future"):
        progress.submit_report(people["pioneer_editor"], pioneer("kent"), date(2999, 1, 1), ratings)


def test_overdue_pioneers_are_those_with_objectives_and_no_recent_report(people, objective):
    pioneers = [pioneer("kent"), pioneer("greenwich")]
    assert progress.overdue_pioneers(pioneers) == [pioneer("kent")]
    ratings = {objective.pk: {"rating": "red", "narrative": "Stuck"}}
    progress.submit_report(
        people["pioneer_editor"], pioneer("kent"), progress.reportable_quarters()[1], ratings
    )
    assert progress.overdue_pioneers(pioneers) == []
