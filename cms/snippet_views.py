"""The themes' admin listing: what an editor needs to find one (kind, short name, how many pages
carry it, when it last changed), instead of a bare list of names.

Wagtail's "Used N times" counts its reference index, which does not follow many-to-many fields,
so the tag counts here come from the pages' `themes` fields themselves (one subquery each).
"""

from functools import reduce
from operator import add

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Theme


def _tagged(relation):
    """Live pages carrying the theme through one `themes` field, as a subquery on the theme."""
    field = Theme._meta.get_field(relation)
    pages = field.related_model.objects.filter(live=True, themes=OuterRef("pk"))
    counted = pages.order_by().values("themes").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    list_filter = ["kind"]
    list_display = [
        "name",
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
        "short_name",
        Column("tagged_pages", label="Live pages tagged", sort_key="tagged_pages"),
        UpdatedAtColumn(),
    ]

    def get_queryset(self, request):
        counts = {f"tagged_{relation}": _tagged(relation) for relation in Theme.TAGGED_RELATIONS}
        total = reduce(add, (F(name) for name in counts))
        return Theme.objects.annotate(**counts).annotate(tagged_pages=total)
