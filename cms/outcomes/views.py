"""/outcomes/, the outcomes explorer: a finder page like the listings, over outcomes not pages."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe

from .explorer import SORTS, explore


@require_safe
def explorer(request):
    exploration = explore(request)
    context = {
        "exploration": exploration,
        "outcomes": exploration.outcomes,
        "filters": exploration.filters,
        "active_filters": exploration.active_filters,
        "keep_params": exploration.keep_params,
        "sorts": SORTS,
        "filter_subject": "outcomes",
    }
    return TemplateResponse(request, "cms/outcomes.html", context)
