"""Admin panels that tell an editor what each item of a list is before they open it."""

from wagtail.admin.panels import InlinePanel
from wagtail.models import Page

from . import widgets  # noqa: F401 - admin forms choose taxonomies with grouped checkboxes


class ChosenPageInlinePanel(InlinePanel):
    """An InlinePanel of chosen pages whose collapsed items are headed with the page's title.

    Wagtail heads every inline child "Item 1", "Item 2"…, so a curator reordering a collapsed
    collection could not tell the items apart. Saved items are headed on the server; an item whose
    page is chosen or changed in the editor is re-headed by cms/admin/chosen-page-titles.js.
    """

    def __init__(self, relation_name, page_field="page", **kwargs):
        super().__init__(relation_name, **kwargs)
        self.page_field = page_field

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "page_field": self.page_field}

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "cms/admin/panels/chosen_page_inline_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            attname = f"{self.panel.page_field}_id"
            ids = [getattr(child.instance, attname, None) for child in self.children]
            pages = Page.objects.in_bulk([pk for pk in ids if pk])  # one query, however many items
            for child, pk in zip(self.children, ids, strict=True):
                page = pages.get(pk)
                child.chosen_title = page.get_admin_display_title() if page else ""
            context["page_field"] = self.panel.page_field
            return context
