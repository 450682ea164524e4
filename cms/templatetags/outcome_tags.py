"""Template helpers for outcomes: the evaluation rules shown to readers and a pioneer's outcomes."""

from django import template

from ..models.outcomes import EVALUATION_LEVEL_CHOICES, EVALUATION_RULES

register = template.Library()


@register.simple_tag
def evaluation_rules():
    """(level, rule) pairs, so readers see how a level was chosen, in the editors' own words."""
    return [(label, EVALUATION_RULES[key]) for key, label in EVALUATION_LEVEL_CHOICES]
