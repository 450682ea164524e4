"""The barrier lifecycle as services.change_status enforces it: every allowed step, every refused
one, reasons, dates, skips, dormancy and reopening, and the history it leaves."""

from datetime import timedelta

import pytest

from django.utils import timezone

from icase.exchange import services
from icase.exchange.models import Barrier, BarrierEvent

from .helpers import walk_to

pytestmark = pytest.mark.django_db

NEXT_STEPS = [
    (Barrier.RAISED, Barrier.UNDER_REVIEW),
    (Barrier.UNDER_REVIEW, Barrier.ESCALATED),
    (Barrier.ESCALATED, Barrier.BEING_RESOLVED),
    (Barrier.BEING_RESOLVED, Barrier.RESOLVED_FULL),
    (Barrier.BEING_RESOLVED, Barrier.RESOLVED_PART),
    (Barrier.BEING_RESOLVED, Barrier.NOT_RESOLVABLE),
]


@pytest.mark.parametrize("from_status,to_status", NEXT_STEPS)
def test_each_next_step_is_allowed_and_logged(barrier, people, from_status, to_status):
    editor = people["programme_editor"]
    walk_to(barrier, from_status, editor)
    assert barrier.status == from_status
    services.change_status(editor, barrier, to_status, "Because the evidence says so", partner="dh")
    barrier.refresh_from_db()
    assert barrier.status == to_status
    event = barrier.events.last()
    assert (event.kind, event.from_status, event.to_status) == (BarrierEvent.STATUS, from_status, to_status)
    assert event.reason == "Because the evidence says so"
    assert event.actor == editor
    assert event.happened_on == timezone.localdate()


def test_the_full_walk_leaves_a_complete_history(barrier, people):
    walk_to(barrier, Barrier.RESOLVED_PART, people["programme_editor"])
    statuses = list(barrier.events.values_list("to_status", flat=True))
    assert statuses == [*Barrier.STAGES, Barrier.RESOLVED_PART]
    assert barrier.escalated_to == "dh"


@pytest.mark.parametrize("target", [Barrier.ESCALATED, Barrier.BEING_RESOLVED, Barrier.RESOLVED_FULL])
def test_skipping_a_step_needs_its_own_reason(barrier, people, target):
    editor = people["programme_editor"]
    with pytest.raises(services.Refused, match="skips a step"):
        services.change_status(editor, barrier, target, "Straight there", partner="nhs-england")
    assert Barrier.objects.get(pk=barrier.pk).status == Barrier.RAISED
    services.change_status(
        editor,
        barrier,
        target,
        "Straight there",
        partner="nhs-england",
        skip_reason="Already reviewed nationally",
    )
    event = barrier.events.last()
    assert event.skip_reason == "Already reviewed nationally"
    assert barrier.status == target


def test_a_next_step_records_no_skip_reason(barrier, people):
    services.change_status(
        people["programme_editor"], barrier, Barrier.UNDER_REVIEW, "Looking", skip_reason="x"
    )
    assert barrier.events.last().skip_reason == ""


def test_escalation_needs_a_named_partner(barrier, people):
    editor = people["programme_editor"]
    walk_to(barrier, Barrier.UNDER_REVIEW, editor)
    with pytest.raises(services.Refused, match="national partner"):
        services.change_status(editor, barrier, Barrier.ESCALATED, "To the partner")
    with pytest.raises(services.Refused, match="from the list"):
        services.change_status(editor, barrier, Barrier.ESCALATED, "To the partner", partner="ig-alliance")
    services.change_status(editor, barrier, Barrier.ESCALATED, "To the partner", partner="nhs-england")
    assert barrier.escalated_to == "nhs-england"


@pytest.mark.parametrize("reason", ["", "   "])
def test_every_change_needs_a_reason(barrier, people, reason):
    with pytest.raises(services.Refused, match="reason"):
        services.change_status(people["programme_editor"], barrier, Barrier.UNDER_REVIEW, reason)


def test_dates_cannot_be_in_the_future_or_before_the_current_status(barrier, people):
    editor = people["programme_editor"]
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(services.Refused, match="future"):
        services.change_status(editor, barrier, Barrier.UNDER_REVIEW, "Soon", happened_on=tomorrow)
    earlier = barrier.status_since - timedelta(days=1)
    with pytest.raises(services.Refused, match="before the current status"):
        services.change_status(editor, barrier, Barrier.UNDER_REVIEW, "Back then", happened_on=earlier)


def test_a_date_in_the_past_is_recorded_as_given(barrier, people):
    Barrier.objects.filter(pk=barrier.pk).update(status_since=timezone.localdate() - timedelta(days=30))
    barrier.refresh_from_db()
    when = timezone.localdate() - timedelta(days=10)
    services.change_status(people["programme_editor"], barrier, Barrier.UNDER_REVIEW, "Met", happened_on=when)
    assert barrier.events.last().happened_on == when
    assert barrier.status_since == when


def test_barriers_do_not_move_back(barrier, people):
    editor = people["programme_editor"]
    walk_to(barrier, Barrier.ESCALATED, editor)
    with pytest.raises(services.Refused, match="not back"):
        services.change_status(editor, barrier, Barrier.UNDER_REVIEW, "Oops")


@pytest.mark.parametrize("outcome", Barrier.CLOSED)
def test_closed_barriers_stay_closed(barrier, people, outcome):
    editor = people["programme_editor"]
    walk_to(barrier, outcome, editor)
    for target in [Barrier.BEING_RESOLVED, Barrier.DORMANT, Barrier.RESOLVED_FULL, Barrier.RAISED]:
        if target == outcome:
            continue
        with pytest.raises(services.Refused, match="closed barrier stays closed"):
            services.change_status(editor, barrier, target, "Again", skip_reason="x")


def test_the_same_status_is_refused(barrier, people):
    with pytest.raises(services.Refused, match="already"):
        services.change_status(people["programme_editor"], barrier, Barrier.RAISED, "Again")


def test_an_unknown_status_is_refused(barrier, people):
    with pytest.raises(services.Refused, match="from the list"):
        services.change_status(people["programme_editor"], barrier, "vanished", "Why not")


@pytest.mark.parametrize("stage", Barrier.STAGES)
def test_any_open_stage_can_go_dormant_and_reopens_where_it_was(barrier, people, stage):
    editor = people["programme_editor"]
    walk_to(barrier, stage, editor)
    services.change_status(editor, barrier, Barrier.DORMANT, "Nothing for months")
    assert services.next_statuses(barrier) == [stage]
    wrong = Barrier.UNDER_REVIEW if stage != Barrier.UNDER_REVIEW else Barrier.ESCALATED
    with pytest.raises(services.Refused, match="reopens into the status"):
        services.change_status(editor, barrier, wrong, "Back", skip_reason="x", partner="dh")
    services.change_status(people["pioneer_editor"], barrier, stage, "It came back")
    assert barrier.status == stage


def test_the_scheduler_makes_quiet_barriers_dormant(barrier, people):
    long_ago = timezone.now() - timedelta(days=200)
    Barrier.objects.filter(pk=barrier.pk).update(last_activity_at=long_ago)
    assert services.mark_dormant() == 1
    barrier.refresh_from_db()
    assert barrier.status == Barrier.DORMANT
    event = barrier.events.last()
    assert event.actor is None and "No activity for 180 days" in event.reason
    assert services.mark_dormant() == 0


def test_next_statuses_offers_the_next_step_skips_and_dormancy(barrier):
    assert services.next_statuses(barrier) == [
        Barrier.UNDER_REVIEW,
        Barrier.ESCALATED,
        Barrier.BEING_RESOLVED,
        Barrier.RESOLVED_FULL,
        Barrier.RESOLVED_PART,
        Barrier.NOT_RESOLVABLE,
        Barrier.DORMANT,
    ]
