"""Programme editors' list of the stories members sent, with where each has got to."""

import csv
import io

import pytest

from tests.cms.test_stories import member_client, submitted_story_and_reviewer  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_reviewers_see_each_story_and_where_it_has_got_to(member_client):  # noqa: F811
    page, state, reviewer = submitted_story_and_reviewer(member_client, "story-lead")
    listing = reviewer.get("/admin/reports/stories/").content.decode()
    assert page.title in listing and "Being reviewed" in listing
    assert f"/admin/pages/{page.pk}/edit/" in listing
    assert "/admin/reports/stories/" in reviewer.get("/admin/").content.decode()  # the dashboard links here

    reviewer.post(
        f"/admin/pages/workflow/action/{page.pk}/decline/{state.current_task_state.pk}/",
        {"comment": "Outside the programme's scope."},
    )
    listing = reviewer.get("/admin/reports/stories/").content.decode()
    assert "Not accepted" in listing and "Outside the programme" in listing
    rows = list(
        csv.reader(
            io.StringIO(reviewer.get("/admin/reports/stories/?export=csv").content.decode("utf-8-sig"))
        )
    )
    assert rows[0][:4] == ["Story", "Pioneer", "Sent by", "Where it has got to"]
    assert rows[1][0] == page.title and rows[1][3] == "Not accepted"


def test_members_and_storytellers_cannot_open_the_list(member_client):  # noqa: F811
    assert member_client.get("/admin/reports/stories/").status_code in (302, 403)
