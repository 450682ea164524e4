"""Plain pages that belong to no section."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import BodyBlock
from .mixins import ICASEPage


class StandardPage(ICASEPage):
    """About, accessibility statement, privacy notice and other plain pages."""

    summary = models.TextField(max_length=400)
    body = StreamField(BodyBlock())

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"

    def get_meta_description(self):
        return self.search_description or self.summary
