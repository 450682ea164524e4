"""Site-wide navigation, read once per request and only when a template asks for it."""

from django.utils.functional import SimpleLazyObject

from .models import (
    CaseStudyIndexPage,
    CollectionIndexPage,
    EventIndexPage,
    PioneerIndexPage,
    StandardPage,
    ThemeIndexPage,
    ToolkitIndexPage,
)


def _navigation(request):
    sections = {}
    for key, model in [
        ("case_studies", CaseStudyIndexPage),
        ("pioneers", PioneerIndexPage),
        ("toolkits", ToolkitIndexPage),
        ("events", EventIndexPage),
        ("themes", ThemeIndexPage),
        ("collections", CollectionIndexPage),
    ]:
        page = model.objects.live().public().first()
        if page is not None:
            sections[key] = page
    return sections


def _footer_pages():
    return list(StandardPage.objects.live().public().filter(depth=3).order_by("path"))


def site_navigation(request):
    return {
        "nav": SimpleLazyObject(lambda: _navigation(request)),
        "footer_pages": SimpleLazyObject(_footer_pages),
    }
