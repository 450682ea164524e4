"""The register's pages: bad input, the public summary, filters and sorting, progress updates and
their reminders, the report, the CSV and what signed-in pages tell caches."""

from datetime import timedelta

import pytest

from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from icase.exchange import services
from icase.exchange.models import Barrier

from .helpers import BARRIER_FIELDS, ig_theme, pioneer, raise_kent_barrier, walk_to

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_raising_with_bad_input_keeps_what_was_typed(people):
    data = {**BARRIER_FIELDS, "pioneer": pioneer("kent").pk, "theme": "", "evidence": "not a link"}
    data["title"] = "Our <b>typed</b> title"
    response = signed_in(people["pioneer_editor"]).post(reverse("exchange:raise"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not Barrier.objects.exists()
    assert "There is a problem" in page and "Choose the enabler theme" in page
    assert "is not a link: start each line with https:// or /" in page
    assert 'value="Our &lt;b&gt;typed&lt;/b&gt; title"' in page
    assert "nhsuk-form-group--error" in page


def test_raising_records_every_field_and_the_first_history_line(people):
    data = {**BARRIER_FIELDS, "pioneer": pioneer("kent").pk, "theme": ig_theme().pk}
    data["evidence"] = "https://example.org/a\n/pioneers/kent/"
    response = signed_in(people["pioneer_editor"]).post(reverse("exchange:raise"), data)
    barrier = Barrier.objects.get()
    assert response["Location"] == barrier.get_absolute_url()
    assert barrier.evidence_links == ["https://example.org/a", "/pioneers/kent/"]
    assert (barrier.level, barrier.partner, barrier.theme.slug) == (
        "national",
        "dh",
        "information-governance",
    )
    assert barrier.events.get().reason == "Raised for Kent"
    assert barrier.next_update_due == timezone.localdate() + timedelta(days=91)


def test_a_refused_status_change_is_shown_on_the_form(people, barrier):
    url = reverse("exchange:change_status", args=[barrier.pk])
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    client = signed_in(people["programme_editor"])
    response = client.post(url, {"status": Barrier.UNDER_REVIEW, "reason": "Soon", "happened_on": future})
    assert response.status_code == 400
    assert "cannot be in the future" in response.content.decode()
    response = client.post(
        url, {"status": Barrier.ESCALATED, "reason": "Jump", "happened_on": timezone.localdate().isoformat()}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "skips a step" in page and "Jump</textarea>" in page
    assert Barrier.objects.get(pk=barrier.pk).status == Barrier.RAISED


def test_escalation_emails_the_raiser(people, barrier, django_capture_on_commit_callbacks):
    editor = people["programme_editor"]
    walk_to(barrier, Barrier.UNDER_REVIEW, editor)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(editor, barrier, Barrier.ESCALATED, "For the partner", partner="nhs-england")
    assert [message.to for message in mail.outbox] == [[people["pioneer_editor"].email]]
    assert "escalated" in mail.outbox[0].subject and "NHS England" in mail.outbox[0].body


def test_a_mail_outage_does_not_undo_a_status_change(
    people, barrier, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.icase.community.failing_mail.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(people["programme_editor"], barrier, Barrier.UNDER_REVIEW, "Looking")
    assert Barrier.objects.get(pk=barrier.pk).status == Barrier.UNDER_REVIEW


def test_anonymous_visitors_see_only_an_approved_public_summary(people, barrier):
    client = Client()
    assert client.get(barrier.get_absolute_url()).status_code == 404
    services.write_public_summary(
        people["pioneer_editor"], barrier, "Sharing data to plan care", "A national issue."
    )
    assert client.get(barrier.get_absolute_url()).status_code == 404
    assert "Sharing data to plan care" not in client.get(reverse("exchange:barriers")).content.decode()
    services.approve_public_summary(people["programme_editor"], barrier)
    for url in (barrier.get_absolute_url(), reverse("exchange:barriers")):
        page = client.get(url).content.decode()
        assert "Sharing data to plan care" in page
        assert barrier.title not in page
        assert BARRIER_FIELDS["description"] not in page
        assert "deep-dive" not in page and "Kent" not in page


def test_changing_an_approved_summary_takes_it_down_until_approved_again(people, barrier):
    services.write_public_summary(people["pioneer_editor"], barrier, "Sharing data", "A national issue.")
    services.approve_public_summary(people["programme_editor"], barrier)
    services.write_public_summary(people["pioneer_editor"], barrier, "Sharing data", "Now with local detail.")
    assert Client().get(barrier.get_absolute_url()).status_code == 404


def test_signed_in_pages_are_never_cached_for_others(people, barrier):
    response = signed_in(people["member"]).get(barrier.get_absolute_url())
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert "Cookie" in Client().get(reverse("exchange:barriers"))["Vary"]


def test_filters_and_sorting_by_pioneers_affected(people, barrier):
    other = raise_kent_barrier(
        people["pioneer_editor"], title="Workforce rules", level=Barrier.LOCAL, partner="hee"
    )
    services.add_affected(people["other_editor"], barrier, pioneer("greenwich"), "Us too")
    client = signed_in(people["member"])
    url = reverse("exchange:barriers")

    def titles(**params):
        listing = client.get(url, params).context["listing"]
        return [item.title for item in listing]

    assert titles(sort="affected") == [barrier.title, other.title]
    assert titles(level="local") == [other.title]
    assert titles(partner="dh") == [barrier.title]
    assert titles(theme="information-governance", pioneer="kent") == [other.title, barrier.title]
    assert titles(pioneer="greenwich") == []
    assert titles(status="escalated") == []
    services.add_progress_update(people["pioneer_editor"], barrier, Barrier.AT_RISK, "Waiting")
    assert titles(confidence="at-risk") == [barrier.title]
    assert titles(status="not-a-status", sort="nonsense") == [other.title, barrier.title]
    page = client.get(barrier.get_absolute_url()).content.decode()
    assert "Pioneers affected (2)" in page and "Greenwich: Us too" in page


def test_a_progress_update_sets_confidence_and_the_next_due_date(people, barrier):
    response = signed_in(people["pioneer_editor"]).post(
        reverse("exchange:add_update", args=[barrier.pk]), {"confidence": "", "narrative": ""}
    )
    assert response.status_code == 400 and "Choose the delivery confidence" in response.content.decode()
    services.add_progress_update(people["pioneer_editor"], barrier, Barrier.AT_RISK, "Guidance delayed")
    barrier.refresh_from_db()
    assert barrier.confidence == Barrier.AT_RISK
    assert barrier.events.last().reason == "Delivery confidence: At risk"
    walk_to(barrier, Barrier.RESOLVED_FULL, people["programme_editor"])
    with pytest.raises(services.Refused, match="open barriers"):
        services.add_progress_update(people["pioneer_editor"], barrier, Barrier.ON_TRACK, "Done")


def test_the_scheduler_reminds_the_raiser_once_when_an_update_is_due(people, barrier):
    mail.outbox.clear()
    assert services.send_update_reminders() == 0
    later = barrier.next_update_due + timedelta(days=1)
    assert services.send_update_reminders(later) == 1
    assert mail.outbox[0].to == [people["pioneer_editor"].email]
    assert "progress update due" in mail.outbox[0].subject
    assert services.send_update_reminders(later) == 0
    services.add_progress_update(people["pioneer_editor"], barrier, Barrier.ON_TRACK, "Moving")
    barrier.refresh_from_db()
    assert services.send_update_reminders(barrier.next_update_due) == 1


def test_the_report_counts_open_barriers_time_in_status_and_this_quarter(people, barrier):
    resolved = raise_kent_barrier(people["pioneer_editor"], title="Solved one", partner="monitor")
    walk_to(resolved, Barrier.RESOLVED_PART, people["programme_editor"], partner="monitor")
    response = signed_in(people["member"]).get(reverse("exchange:report"))
    context = response.context
    assert context["open_total"] == 1
    assert context["theme_rows"] == [("Information governance and informatics", [1], 1)]
    assert [label for _value, label in context["partner_columns"]] == ["Department of Health (DH)"]
    assert [event.barrier for event in context["resolved"]] == [resolved]
    assert ("Raised", 2, 0, 0) in context["time_in_status"]
    assert Client().get(reverse("exchange:report")).status_code == 302


def test_csv_cells_cannot_become_formulas(people):
    raise_kent_barrier(people["pioneer_editor"], title='=HYPERLINK("http://x")')
    rows = signed_in(people["programme_editor"]).get(reverse("exchange:export")).content.decode()
    assert "'=HYPERLINK" in rows


def test_the_register_list_uses_a_fixed_number_of_queries(people, barrier, django_assert_num_queries):
    """The same queries for one barrier as for seven (the site header's own included)."""
    client = signed_in(people["programme_editor"])
    url = reverse("exchange:barriers")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    with_one = len(one.captured_queries)  # read now: Django's bounded query log moves on
    for number in range(6):
        other = raise_kent_barrier(people["pioneer_editor"], title=f"Barrier {number}")
        services.add_affected(people["other_editor"], other, pioneer("greenwich"), "Us too")
    client.get(url)  # the new barriers renewed the cached navigation; warm it again
    with django_assert_num_queries(with_one):
        assert len(client.get(url).context["listing"]) == 7
