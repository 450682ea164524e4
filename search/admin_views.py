"""Best bets' "Popular search terms" chooser, read from ICASE's own query log.

Wagtail's chooser lists its `Query` table, which only a site calling `Query.add_hit()` fills; ICASE
logs searches in `SearchQueryLog` (sampled, control characters never logged), so the chooser an
editor opens when adding a best bet lists what visitors actually searched for. icase/urls.py mounts
this view at Wagtail's own chooser address, so Wagtail's templates and script work unchanged.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.template.response import TemplateResponse

from wagtail.admin.auth import require_admin_access
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.modal_workflow import render_modal_workflow

from .reports import POPULAR_DAYS, popular_terms

BEST_BET_PERMISSIONS = (
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
)


@dataclass(frozen=True)
class PopularTerm:
    """What Wagtail's chooser template reads from a row: an id, the words and how often."""

    id: int
    query_string: str
    hits: int


@require_admin_access
def popular_terms_chooser(request, results_only=False):
    if not any(request.user.has_perm(permission) for permission in BEST_BET_PERMISSIONS):
        raise PermissionDenied
    searchform = SearchForm(request.GET if "q" in request.GET else None)
    containing = searchform.cleaned_data["q"] if searchform.is_valid() else ""
    rows = [
        PopularTerm(id=number, query_string=row["query"], hits=row["searches"])
        for number, row in enumerate(popular_terms(containing=containing), start=1)
    ]
    try:
        queries = Paginator(rows, per_page=10).page(request.GET.get("p", 1))
    except InvalidPage as error:
        raise Http404 from error
    context = {"queries": queries, "days": POPULAR_DAYS}
    if results_only:
        return TemplateResponse(request, "wagtailsearchpromotions/queries/chooser/results.html", context)
    return render_modal_workflow(
        request,
        "wagtailsearchpromotions/queries/chooser/chooser.html",
        None,
        {**context, "searchform": searchform},
        json_data={"step": "chooser"},
    )
