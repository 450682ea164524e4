"""Template helpers for outcomes: the evaluation rules readers see, the charts, a pioneer's outcomes."""

from django import template

from ..models import CaseStudyOutcome, CaseStudyPage
from ..models.outcomes import EVALUATION_LEVEL_CHOICES, EVALUATION_RULES
from ..outcomes.charts import before_after_chart, effect_charts
from ..outcomes.explorer import sort_outcomes

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


@register.filter
def outcome_kinds(outcomes):
    """The distinct kinds of measure among some outcomes, for a link to /outcomes/ filtered by them."""
    return list(dict.fromkeys(outcome.metric_kind for outcome in outcomes))


@register.simple_tag
def pioneer_outcomes(pioneer):
    """A pioneer's measured outcomes, largest effect first: those the source gives for the pioneer
    itself, and its live public case studies'; a query for each, however many there are."""
    own = pioneer.outcomes.all()  # in a preview, the outcomes being edited
    visible = CaseStudyPage.objects.live().public().filter(pioneer=pioneer)
    case_studies = CaseStudyOutcome.objects.filter(page__in=visible).select_related("page")
    case_studies = sort_outcomes(case_studies)
    return {
        "own": sort_outcomes(own),
        "outcomes": case_studies,
        "case_study_count": len({outcome.page_id for outcome in case_studies}),
    }
