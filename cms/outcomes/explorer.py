"""The outcomes explorer's query: every measured outcome of live public case studies, filtered and sorted.

The page, the CSV and the JSON download all read the same `explore(request)`, so a download holds
exactly the rows on screen. Filters are GET parameters (the listing pages' ListingFilter), and the
rows, their case studies and pioneers come in one query, however many there are.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Abs
from django.utils.http import urlencode

from ..listing import FilterOption, ListingFilter, options_from
from ..models import CaseStudyOutcome, CaseStudyPage, PioneerProfilePage, PopulationGroup, Theme
from ..models.outcomes import EVALUATION_LEVEL_CHOICES, METRIC_KIND_CHOICES, UNIT_ORDER

POPULATION_LOOKUP = "page__population_groups__slug"
SORTS = {"effect": "Largest effect first", "newest": "Newest case study first"}
DEFAULT_SORT = "effect"


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


def present_choices(queryset, field, choices):
    """The options of a fixed list that some row uses, in the list's order."""
    used = set(queryset.order_by().values_list(field, flat=True).distinct())
    return [FilterOption(value, label) for value, label in choices if value in used]


def build_filters(outcomes):
    themes = Theme.objects.filter(pk__in=outcomes.values("page__themes")).order_by("sort_order", "name")
    pioneers = (
        PioneerProfilePage.objects.live()
        .public()
        .filter(pk__in=outcomes.values("page__pioneer"))
        .order_by("title")
    )
    groups = PopulationGroup.objects.filter(pk__in=outcomes.values("page__population_groups"))
    kinds = present_choices(outcomes, "metric_kind", METRIC_KIND_CHOICES)
    levels = present_choices(outcomes, "evaluation_level", EVALUATION_LEVEL_CHOICES)
    return [
        ListingFilter("kind", "Kind of measure", kinds, "metric_kind"),
        ListingFilter("theme", "Theme", options_from(themes, label_attr="label"), "page__themes__slug"),
        ListingFilter("pioneer", "Pioneer", options_from(pioneers, "slug", "title"), "page__pioneer__slug"),
        ListingFilter("evaluation", "Evaluation level", levels, "evaluation_level"),
        ListingFilter("population", "Population group", options_from(groups), POPULATION_LOOKUP),
    ]


def sorted_outcomes(queryset, sort):
    if sort == "newest":
        return queryset.order_by("-page__publication_date", "page__title", "sort_order")
    unit_rank = Case(
        *[When(unit=unit, then=Value(rank)) for rank, unit in enumerate(UNIT_ORDER)],
        default=Value(len(UNIT_ORDER)),
        output_field=IntegerField(),
    )
    return queryset.annotate(unit_rank=unit_rank, size=Abs("change")).order_by(
        "unit_rank", "-size", "page__title", "sort_order"
    )


def explore(request):
    """The filtered, sorted outcomes; unknown filter values and sorts are ignored, never errors."""
    visible = CaseStudyOutcome.objects.filter(page__in=CaseStudyPage.objects.live().public())
    filters = build_filters(visible)
    queryset = visible
    for listing_filter in filters:
        queryset = listing_filter.bind(request.GET).apply(queryset)
    sort = request.GET.get("sort", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    rows = sorted_outcomes(queryset, sort).select_related("page", "page__pioneer")
    return Exploration(outcomes=list(rows), filters=filters, sort=sort)
