"""The theme index: a routable page listing the themes and serving one page per theme."""

from django.shortcuts import get_object_or_404

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from .case_study import CaseStudyPage
from .collection import ThemedCollectionPage
from .event import LearningEventPage
from .mixins import ICASEPage, IndexIntroMixin, resolve_chosen_pages
from .pioneer import PioneerProfilePage
from .snippets import Theme
from .toolkit import ToolkitPage


def theme_sections(theme, user):
    """Everything live and public tagged with the theme that `user` may see, one titled, anchored
    section per content type.

    Types with nothing tagged are left out, so the page never shows an empty heading.
    """
    sections = [
        ("Case studies", "case-studies", CaseStudyPage.objects.live().public().select_related("pioneer")),
        ("Toolkits", "toolkits", ToolkitPage.objects.live().public()),
        ("Learning events", "events", LearningEventPage.objects.visible_to(user)),
        ("Themed collections", "collections", ThemedCollectionPage.objects.live().public()),
        ("Pioneers", "pioneers", PioneerProfilePage.objects.live().public()),
    ]
    content = [
        (label, anchor, list(queryset.filter(themes=theme).order_by("title")))
        for label, anchor, queryset in sections
    ]
    return [section for section in content if section[2]]


class ThemeIndexPage(RoutablePageMixin, IndexIntroMixin, ICASEPage):
    """Lists the themes, and serves one page per theme with everything tagged with it."""

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "theme index"

    @path("")
    def theme_list(self, request):
        themes = Theme.objects.all()
        return self.render(
            request,
            context_overrides={
                "enablers": [t for t in themes if t.kind == Theme.ENABLER],
                "care_models": [t for t in themes if t.kind == Theme.CARE_MODEL],
            },
        )

    @path("<slug:slug>/")
    def theme_detail(self, request, slug):
        theme = get_object_or_404(Theme, slug=slug)
        return self.render(
            request,
            context_overrides={
                "theme": theme,
                "sections": theme_sections(theme, request.user),
                "picks": resolve_chosen_pages(theme.picks.all()),
            },
            template="cms/theme_page.html",
        )
