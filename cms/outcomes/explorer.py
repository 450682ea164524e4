"""The outcomes explorer's query: every measured outcome of live public case studies and pioneer
profiles, filtered and sorted.

The page, the CSV and the JSON download all read the same `explore(request)`, so a download holds
exactly the rows on screen. Filters are GET parameters (the listing pages' ListingFilter), each
with its lookup for both kinds of outcome, and the rows of each kind come in one query, with their
pages and pioneers, however many there are. The two kinds are merged and sorted in Python.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils.http import urlencode

from ..listing import FilterOption, ListingFilter, options_from
from ..models import (
    CaseStudyOutcome,
    CaseStudyPage,
    PioneerOutcome,
    PioneerProfilePage,
    PopulationGroup,
    Theme,
)
from ..models.outcomes import EVALUATION_LEVEL_CHOICES, METRIC_KIND_CHOICES, UNIT_ORDER

SORTS = {"effect": "Largest effect first", "newest": "Newest first"}
DEFAULT_SORT = "effect"
# Each filter's lookup on a case study's outcomes and on a pioneer's own: a case study's outcomes
# take its themes, pioneer and population groups; a pioneer's take the profile's themes and their
# own population group.
LOOKUPS = {
    "kind": {CaseStudyOutcome: "metric_kind", PioneerOutcome: "metric_kind"},
    "theme": {CaseStudyOutcome: "page__themes__slug", PioneerOutcome: "page__themes__slug"},
    "pioneer": {CaseStudyOutcome: "page__pioneer__slug", PioneerOutcome: "page__slug"},
    "evaluation": {CaseStudyOutcome: "evaluation_level", PioneerOutcome: "evaluation_level"},
    "population": {
        CaseStudyOutcome: "page__population_groups__slug",
        PioneerOutcome: "population_group__slug",
    },
}


@dataclass
class OutcomeFilter(ListingFilter):
    """A listing filter over both kinds of outcome, with the lookup each needs."""

    lookups: dict = field(default_factory=dict)

    def apply(self, queryset):
        if not self.selected:
            return queryset
        return queryset.filter(**{f"{self.lookups[queryset.model]}__in": self.selected}).distinct()


@dataclass
class Exploration:
    outcomes: list
    filters: list
    sort: str

    @property
    def active_filters(self):
        return [listing_filter for listing_filter in self.filters if listing_filter.selected]

    @property
    def keep_params(self):
        """What the filter form carries beyond its checkboxes: the chosen sort."""
        return [("sort", self.sort)] if self.sort != DEFAULT_SORT else []

    @property
    def querystring(self):
        pairs = [(f.name, value) for f in self.filters for value in f.selected] + self.keep_params
        return urlencode(pairs)


def visible_outcomes():
    """The outcomes anyone may see: those of live public case studies and pioneer profiles."""
    return [
        CaseStudyOutcome.objects.filter(page__in=CaseStudyPage.objects.live().public()),
        PioneerOutcome.objects.filter(page__in=PioneerProfilePage.objects.live().public()),
    ]


def used(querysets, name):
    """Q for the rows some outcome points to through filter `name` (e.g. its pioneer's pk)."""
    condition = Q(pk__in=[])
    for queryset in querysets:
        lookup = LOOKUPS[name][queryset.model].removesuffix("__slug") or "pk"
        condition |= Q(pk__in=queryset.values(lookup))
    return condition


def present_choices(querysets, field_name, choices):
    """The options of a fixed list that some row uses, in the list's order."""
    values = set()
    for queryset in querysets:
        values |= set(queryset.order_by().values_list(field_name, flat=True).distinct())
    return [FilterOption(value, label) for value, label in choices if value in values]


def build_filters(querysets):
    themes = Theme.objects.filter(used(querysets, "theme")).order_by("sort_order", "name")
    pioneers = PioneerProfilePage.objects.live().public().filter(used(querysets, "pioneer")).order_by("title")
    groups = PopulationGroup.objects.filter(used(querysets, "population"))
    options = {
        "kind": present_choices(querysets, "metric_kind", METRIC_KIND_CHOICES),
        "theme": options_from(themes, label_attr="label"),
        "pioneer": options_from(pioneers, "slug", "title"),
        "evaluation": present_choices(querysets, "evaluation_level", EVALUATION_LEVEL_CHOICES),
        "population": options_from(groups),
    }
    labels = {
        "kind": "Kind of measure",
        "theme": "Theme",
        "pioneer": "Pioneer",
        "evaluation": "Evaluation level",
        "population": "Population group",
    }
    return [
        OutcomeFilter(name, labels[name], options[name], lookup=lookups[CaseStudyOutcome], lookups=lookups)
        for name, lookups in LOOKUPS.items()
    ]


def unit_rank(outcome):
    return UNIT_ORDER.index(outcome.unit) if outcome.unit in UNIT_ORDER else len(UNIT_ORDER)


def sort_outcomes(outcomes, sort=DEFAULT_SORT):
    """Largest effect first within each unit (percentages, then pounds...), or newest report first."""
    if sort == "newest":
        return sorted(
            outcomes,
            key=lambda o: (-(o.reported_date or date.min).toordinal(), o.page.title, o.sort_order or 0),
        )
    return sorted(outcomes, key=lambda o: (unit_rank(o), -o.value, o.page.title, o.sort_order or 0))


def explore(request):
    """The filtered, sorted outcomes; unknown filter values and sorts are ignored, never errors."""
    visible = visible_outcomes()
    filters = build_filters(visible)
    for listing_filter in filters:
        listing_filter.bind(request.GET)
    case_studies, pioneers = visible
    for listing_filter in filters:
        case_studies, pioneers = listing_filter.apply(case_studies), listing_filter.apply(pioneers)
    rows = list(case_studies.select_related("page", "page__pioneer"))
    rows += list(pioneers.select_related("page", "population_group"))
    sort = request.GET.get("sort", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    return Exploration(outcomes=sort_outcomes(rows, sort), filters=filters, sort=sort)
