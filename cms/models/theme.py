"""The theme index: a routable page listing the themes and serving one page per theme."""

from django.shortcuts import get_object_or_404

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from ..generation import once_per_generation_unless_preview, read_once_per_generation
from .case_study import CaseStudyPage
from .collection import ThemedCollectionPage
from .event import LearningEventPage
from .mixins import ICASEPage, IndexIntroMixin, resolve_chosen_pages
from .pioneer import PioneerProfilePage
from .snippets import Theme
from .toolkit import ToolkitPage

PUBLIC_SECTIONS = [
    ("Case studies", "case-studies", lambda: CaseStudyPage.objects.live().public().select_related("pioneer")),
    ("Toolkits", "toolkits", lambda: ToolkitPage.objects.live().public()),
    ("Learning events", "events", None),  # who may see an event depends on the member
    ("Themed collections", "collections", lambda: ThemedCollectionPage.objects.live().public()),
    ("Pioneers", "pioneers", lambda: PioneerProfilePage.objects.live().public()),
]


def _public_sections(theme):
    return {
        anchor: list(pages().filter(themes=theme).order_by("title"))
        for _label, anchor, pages in PUBLIC_SECTIONS
        if pages
    }


def theme_sections(theme, user):
    """Everything live and public tagged with the theme that `user` may see, one titled, anchored
    section per content type.

    What is the same for everyone (all but the events) is read once per content generation: any
    publish, unpublish, move or tagging change starts a new one. Types with nothing tagged are
    left out, so the page never shows an empty heading.
    """
    public = read_once_per_generation(f"theme-sections:{theme.pk}", lambda: _public_sections(theme))
    events = LearningEventPage.objects.visible_to(user).filter(themes=theme).order_by("title")
    content = [
        (label, anchor, public[anchor] if pages else list(events)) for label, anchor, pages in PUBLIC_SECTIONS
    ]
    return [section for section in content if section[2]]


def theme_picks(theme, request):
    """The editor's picks for the theme, read once per content generation (they are public pages);
    a preview shows the picks being edited."""
    return once_per_generation_unless_preview(
        request, f"theme-picks:{theme.pk}", lambda: resolve_chosen_pages(theme.picks.all())
    )


def theme_page_context(theme, request, preview=False):
    """What the theme's page shows, for the page and (`preview`, with the theme index the page
    would sit under) for the editor's preview of the snippet."""
    saved = theme.pk is not None  # a new theme's preview: nothing is tagged with it yet
    context = {
        "theme": theme,
        "sections": theme_sections(theme, request.user) if saved else [],
        "picks": theme_picks(theme, request),
    }
    if preview:
        context["page"] = ThemeIndexPage.objects.live().first()
    return context


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
            request, context_overrides=theme_page_context(theme, request), template="cms/theme_page.html"
        )
