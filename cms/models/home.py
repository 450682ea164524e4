"""The site's root page: what ICASE is, with the latest from each section."""

from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from ..blocks import BodyBlock
from ..routing import route_from
from .case_study import CaseStudyPage
from .collection import featured_on_home
from .event import LearningEventPage
from .mixins import ICASEPage
from .snippets import Theme


class HomePage(ICASEPage):
    """The front door: what ICASE is, featured collections, latest case studies and events."""

    introduction = models.TextField(max_length=400)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.CaseStudyIndexPage",
        "cms.PioneerIndexPage",
        "cms.ToolkitIndexPage",
        "cms.EventIndexPage",
        "cms.ThemeIndexPage",
        "cms.CollectionIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_meta_description(self):
        return self.search_description or self.introduction

    routes_with_route_from = True  # cms.routing.serve may walk from the site's root row

    def route(self, request, path_components):
        """Every public URL starts here: find its page in two queries (cms/routing.py)."""
        if not path_components:
            return super().route(request, path_components)
        return route_from(self, request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_collections"] = featured_on_home()[0]
        context["latest_case_studies"] = (
            CaseStudyPage.objects.live()
            .public()
            .select_related("pioneer")
            .prefetch_related("themes")
            .order_by("-publication_date", "title")[:6]
        )
        context["upcoming_events"] = (
            LearningEventPage.objects.visible_to(request.user)
            .filter(end__gte=timezone.now())
            .order_by("start")[:3]
        )
        context["themes"] = Theme.objects.all()
        return context
