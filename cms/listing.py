"""Server-side filtering and pagination for index pages.

Every filter is a GET parameter, so the listings work with JavaScript off and every filtered view
has a shareable URL. Filter options are read once per request; results are paginated querysets
whose related data are fetched in a fixed number of queries.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator

PAGE_SIZE = 12


@dataclass
class FilterOption:
    value: str
    label: str
    selected: bool = False
    count: int | None = None  # listings do not show counts; search facets do
    param: str = ""  # the GET parameter removing it clears, when not the filter's name (with no
    # value: every value of that parameter)


@dataclass
class ListingFilter:
    """One GET parameter that can be repeated; values are OR-ed, filters are AND-ed."""

    name: str
    label: str
    options: list
    lookup: str
    selected: list = field(default_factory=list)

    def bind(self, params):
        valid = {option.value for option in self.options}
        self.selected = [value for value in params.getlist(self.name) if value in valid]
        for option in self.options:
            option.selected = option.value in self.selected
        return self

    def apply(self, queryset):
        if not self.selected:
            return queryset
        return queryset.filter(**{f"{self.lookup}__in": self.selected}).distinct()

    @property
    def selected_options(self):
        return [option for option in self.options if option.selected]


def parse_day(text):
    """A day typed as the date picker sends it (2027-01-20) or by hand (20/01/2027), else None."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


@dataclass
class DateRangeFilter:
    """Items whose date falls on or between two days (`from` and `to`; either may be empty).

    A date that is not a real one is reported beside the fields and left out of the filtering,
    never a 500, and what was typed stays in the field."""

    label: str
    lookup: str  # a date-time field
    name: str = "dates"
    kind: str = "dates"
    start_text: str = ""
    end_text: str = ""
    start: date | None = None
    end: date | None = None
    errors: list = field(default_factory=list)

    def bind(self, params):
        self.start_text = params.get("from", "").strip()[:20]
        self.end_text = params.get("to", "").strip()[:20]
        self.start, self.end, self.errors = parse_day(self.start_text), parse_day(self.end_text), []
        for text, day, which in ((self.start_text, self.start, "from"), (self.end_text, self.end, "to")):
            if text and day is None:
                self.errors.append(f"Enter the ‘{which}’ date as a real date, for example 20/01/2027")
        if self.start and self.end and self.end < self.start:
            self.errors.append("The ‘to’ date must be the same as or after the ‘from’ date")
            self.end = None
        return self

    @property
    def selected(self):
        return [day for day in (self.start, self.end) if day]

    def apply(self, queryset):
        if self.start:
            queryset = queryset.filter(**{f"{self.lookup}__date__gte": self.start})
        if self.end:
            queryset = queryset.filter(**{f"{self.lookup}__date__lte": self.end})
        return queryset

    @property
    def selected_options(self):
        options = []
        if self.start:
            options.append(FilterOption("", f"from {self.start:%-d %B %Y}", True, param="from"))
        if self.end:
            options.append(FilterOption("", f"to {self.end:%-d %B %Y}", True, param="to"))
        return options


def options_from(items, value_attr="slug", label_attr="name"):
    return [FilterOption(str(getattr(item, value_attr)), str(getattr(item, label_attr))) for item in items]


def options_from_choices(choices):
    return [FilterOption(value, label) for value, label in choices]


def year_options(years):
    return [FilterOption(str(year), str(year)) for year in sorted({y for y in years if y}, reverse=True)]


def paginate(request, queryset, per_page=PAGE_SIZE):
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def filtered_listing(request, queryset, filters, keep_params=(), per_page=PAGE_SIZE):
    """Bind the filters to the request, apply them and paginate; returns the template context.

    `keep_params` are (name, value) pairs that are not filters but must survive filtering, such as
    the upcoming/past switch on the events page. `per_page=None` puts everything on one page, for
    a short, fixed set such as the fifteen pioneers.
    """
    for listing_filter in filters:
        listing_filter.bind(request.GET)
        queryset = listing_filter.apply(queryset)
    page = paginate(request, queryset, per_page or max(queryset.count(), 1))
    query_without_page = request.GET.copy()
    query_without_page.pop("page", None)
    return {
        "filters": filters,
        "active_filters": [f for f in filters if f.selected],
        "items": page,
        "paginator_querystring": query_without_page.urlencode(),
        "keep_params": list(keep_params),
    }
