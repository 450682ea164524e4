"""Template helpers for outcomes: the evaluation rules readers see, the charts, a pioneer's outcomes."""

from django import template

from ..models.outcomes import EVALUATION_LEVEL_CHOICES, EVALUATION_RULES
from ..outcomes.charts import before_after_chart, effect_charts

register = template.Library()


@register.simple_tag
def evaluation_rules():
    """(level, rule) pairs, so readers see how a level was chosen, in the editors' own words."""
    return [(label, EVALUATION_RULES[key]) for key, label in EVALUATION_LEVEL_CHOICES]


@register.simple_tag
def outcome_charts(outcomes):
    """The explorer's effect charts, one per unit that has outcomes (percentages, then pounds)."""
    return effect_charts(outcomes)


@register.simple_tag
def before_after(outcome):
    """The before/after chart of an outcome with a baseline, or None."""
    return before_after_chart(outcome)
