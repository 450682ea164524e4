"""Site-wide navigation and footer links: read from the database once per content generation
(cms/generation.py), then from the page cache, so a page costs no queries for them."""

from django.utils.functional import SimpleLazyObject

from .generation import read_once_per_generation
from .models import (
    CaseStudyIndexPage,
    CollectionIndexPage,
    EventIndexPage,
    PioneerIndexPage,
    StandardPage,
    ThemeIndexPage,
    ToolkitIndexPage,
)
from .sites import site_for

SECTIONS = [
    ("case_studies", CaseStudyIndexPage),
    ("pioneers", PioneerIndexPage),
    ("toolkits", ToolkitIndexPage),
    ("events", EventIndexPage),
    ("themes", ThemeIndexPage),
    ("collections", CollectionIndexPage),
]


def _read_navigation():
    sections = {}
    for key, model in SECTIONS:
        page = model.objects.live().public().first()
        if page is not None:
            sections[key] = page
    footer_pages = list(StandardPage.objects.live().public().filter(depth=3).order_by("path"))
    return {"nav": sections, "footer_pages": footer_pages}


def navigation(request):
    """The sections and footer pages of the request's site, cached until anything changes."""
    site = site_for(request)
    return read_once_per_generation(f"navigation:{site.pk if site else 0}", _read_navigation)


def site_navigation(request):
    links = SimpleLazyObject(lambda: navigation(request))
    return {
        "nav": SimpleLazyObject(lambda: links["nav"]),
        "footer_pages": SimpleLazyObject(lambda: links["footer_pages"]),
    }
