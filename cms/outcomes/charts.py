"""Server-rendered SVG charts of outcomes: effect sizes by kind of measure, and before/after levels.

No chart library and no script: Python works out the geometry and a template draws it as SVG with
a title and description (the text alternative) next to a data table. Every label sits on its own
line above its bar, and the drawing is 280 units wide, so its 12px text stays about 11px on a
320 px screen; colours and font sizes come from classes in the stylesheet (the CSP allows no
inline styles).
"""

import textwrap
from dataclasses import dataclass, field

from ..models.outcomes import FELL, GBP, METRIC_KIND_CHOICES, PERCENT

WIDTH = 280  # drawn at up to 26rem wide, and no less than 280 px on a 320 px screen
MARGIN = 4
VALUE_ROOM = 64  # space kept right of the longest bar for its value
LINE = 16  # one line of label text
BAR = 14
GAP = 12
GROUP_HEADING = 22
LABEL_CHARS = 38  # about this many characters of 12px text fit across the drawing
CHAR_WIDTH = 7.2  # a generous average width of a bold 12px character
CHART_TITLES = {
    PERCENT: "Percentage change by kind of measure",
    GBP: "Savings and costs in pounds by kind of measure",
}


@dataclass
class Bar:
    labels: list  # (text, y) for each line of the label
    y: int
    width: float
    value_text: str
    value_x: float
    fell: bool
    outcome: object = None
    inside: bool = False  # the value is drawn inside the bar's end, right-aligned, in white
    range_width: float = 0  # a range's far end, drawn as an outlined extension of the bar
    range_x: float = 0
    inside_range: bool = False  # the value is drawn inside the outlined extension, in the text colour


@dataclass
class Group:
    label: str
    y: int
    bars: list = field(default_factory=list)


@dataclass
class Chart:
    key: str
    title: str
    description: str
    height: int
    groups: list
    rows: list  # (kind, outcome, label) for the table beside the chart
    width: int = WIDTH
    bar_height: int = BAR
    x: int = MARGIN


def bar_label(outcome):
    """Pioneer and metric, and the population or setting when the source gives one, so two of a
    pioneer's outcomes (Penwith's and Newquay's admissions) are told apart; not when the metric
    already names it ("emergency admissions from care homes")."""
    shown = outcome.population and outcome.population.lower() not in outcome.metric.lower()
    population = f" ({outcome.population})" if shown else ""
    return f"{outcome.pioneer.short_name}: {outcome.metric}{population}"


def _layout(groups, scale, value_of, text_of):
    """Place each group heading and bar top to bottom; returns the groups and the total height."""
    y, placed = 0, []
    for label, outcomes in groups:
        group = Group(label=label, y=y + 15)
        y += GROUP_HEADING
        for outcome in outcomes:
            lines = textwrap.wrap(bar_label(outcome), LABEL_CHARS) or [""]
            labels = [(line, y + LINE * (number + 1) - 3) for number, line in enumerate(lines)]
            y += LINE * len(lines) + 2
            width = max(float(value_of(outcome)) * scale, 1)
            far = float(outcome.range_value - outcome.value) * scale if outcome.range_end is not None else 0
            end = width + far
            text = text_of(outcome)
            text_width = len(text) * CHAR_WIDTH
            inside = MARGIN + end + 4 + text_width > WIDTH  # too long to follow the bar
            inside_range = inside and far > text_width + 8
            if inside_range:
                value_x = MARGIN + end - 4
            elif inside:  # at the solid bar's end, in white, even if a range extends it
                value_x = MARGIN + width - 4
            else:
                value_x = MARGIN + end + 4
            group.bars.append(
                Bar(
                    labels,
                    y,
                    round(width, 1),
                    text,
                    round(value_x, 1),
                    outcome.direction == FELL,
                    outcome,
                    inside and not inside_range,
                    round(far, 1),
                    round(MARGIN + width, 1),
                    inside_range,
                )
            )
            y += BAR + GAP
        placed.append(group)
    return placed, y


def effect_chart(outcomes, unit):
    """A bar chart of the sizes of the changes in one unit, grouped by kind of measure."""
    outcomes = [outcome for outcome in outcomes if outcome.unit == unit]
    if not outcomes:
        return None
    by_kind = [
        (label, [outcome for outcome in outcomes if outcome.metric_kind == kind])
        for kind, label in METRIC_KIND_CHOICES
    ]
    by_kind = [(label, group) for label, group in by_kind if group]
    biggest = max(max(outcome.value, outcome.range_value or 0) for outcome in outcomes)
    scale = (WIDTH - 2 * MARGIN - VALUE_ROOM) / float(biggest)
    groups, height = _layout(by_kind, scale, lambda o: o.value, lambda o: o.display_value)
    parts = [
        f"{label}: " + "; ".join(f"{bar_label(o)}, {o.sentence}" for o in group) for label, group in by_kind
    ]
    description = (
        f"{len(outcomes)} outcome{'s' if len(outcomes) != 1 else ''}, longest bar largest; a range's "
        "far end is a paler extension. " + ". ".join(parts)
    )
    rows = [(label, outcome, bar_label(outcome)) for label, group in by_kind for outcome in group]
    return Chart(
        unit, CHART_TITLES.get(unit, "Change by kind of measure"), description + ".", height, groups, rows
    )


def effect_charts(outcomes):
    return [chart for chart in (effect_chart(outcomes, PERCENT), effect_chart(outcomes, GBP)) if chart]


@dataclass
class Level:
    label: str
    value_text: str
    y: int
    width: float
    value_x: float
    after: bool


def before_after_chart(outcome):
    """Two bars, the baseline and the level after the change, for an outcome whose source gives a baseline."""
    if outcome.baseline is None:
        return None
    after = outcome.after_value
    biggest = max(outcome.baseline, after)
    scale = (WIDTH - 2 * MARGIN - VALUE_ROOM) / float(biggest)
    levels, y = [], 0
    for label, amount, is_after in (("Before", outcome.baseline, False), ("After", after, True)):
        width = max(float(amount) * scale, 1)
        text = outcome.format_level(amount)
        levels.append(
            Level(label, text, y + LINE + 2, round(width, 1), round(MARGIN + width + 4, 1), is_after)
        )
        y += LINE + 2 + BAR + GAP
    title = f"{outcome.metric.capitalize()}: {outcome.baseline_label}, before and after"
    description = (
        f"Before: {outcome.format_level(outcome.baseline)}. After: {outcome.format_level(after)} "
        f"({outcome.sentence})."
    )
    return {
        "title": title,
        "description": description,
        "levels": levels,
        "height": y,
        "width": WIDTH,
        "x": MARGIN,
        "bar_height": BAR,
        "outcome": outcome,
    }
