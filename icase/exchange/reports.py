"""The register's report: open barriers by theme and partner, time spent in each status, and
what was resolved this quarter. Three queries, whatever the number of barriers."""

from collections import Counter, defaultdict
from datetime import date

from .models import Barrier, BarrierEvent
from .partners import PARTNER_CHOICES, PARTNER_NAMES


def quarter_start(today):
    return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def open_by_theme_and_partner(barriers):
    """Rows of (theme name, [count per partner column], total); the partner is the one the
    barrier was escalated to, or else the one best placed to act ("Not named" when neither)."""
    counts = defaultdict(Counter)
    for barrier in barriers:
        counts[barrier.theme.name][barrier.escalated_to or barrier.partner or ""] += 1
    used = {partner for counter in counts.values() for partner in counter}
    columns = [(value, label) for value, label in PARTNER_CHOICES if value in used]
    if "" in used:
        columns.append(("", "Not named"))
    rows = [
        (theme, [counts[theme][value] for value, _label in columns], sum(counts[theme].values()))
        for theme in sorted(counts)
    ]
    return columns, rows


def time_in_status(events, today):
    """Average and longest days spent in each status, from every barrier's history."""
    by_barrier = defaultdict(list)
    for event in events:
        by_barrier[event.barrier_id].append(event)
    spans = defaultdict(list)
    for history in by_barrier.values():
        for index, event in enumerate(history):
            if event.to_status in Barrier.CLOSED:
                continue
            end = history[index + 1].happened_on if index + 1 < len(history) else today
            spans[event.to_status].append((end - event.happened_on).days)
    labels = dict(Barrier.STATUS_CHOICES)
    return [
        (
            labels[status],
            len(spans[status]),
            round(sum(spans[status]) / len(spans[status])),
            max(spans[status]),
        )
        for status in Barrier.OPEN
        if spans[status]
    ]


def barrier_report(today):
    open_barriers = Barrier.objects.open().select_related("theme")
    columns, rows = open_by_theme_and_partner(open_barriers)
    events = (
        BarrierEvent.objects.filter(kind__in=[BarrierEvent.RAISED, BarrierEvent.STATUS])
        .exclude(to_status="")
        .order_by("barrier_id", "recorded_at", "pk")
    )
    start = quarter_start(today)
    resolved = (
        BarrierEvent.objects.filter(
            kind=BarrierEvent.STATUS, to_status__in=Barrier.CLOSED, happened_on__gte=start
        )
        .select_related("barrier__theme")
        .order_by("-happened_on")
    )
    return {
        "partner_columns": columns,
        "theme_rows": rows,
        "open_total": sum(total for _theme, _counts, total in rows),
        "time_in_status": time_in_status(events, today),
        "resolved": resolved,
        "quarter_start": start,
        "partner_names": PARTNER_NAMES,
    }
