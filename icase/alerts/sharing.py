"""What a page tells the world about itself in its head: title, description, image and canonical
address for link previews (Open Graph and Twitter cards), the feeds that follow it
(`<link rel="alternate">`), and schema.org data for articles and organisations (JSON-LD).

Everything here depends on the page and the URL only, never on who is looking, so a cached
anonymous page carries exactly what a signed-in member's copy would. Absolute addresses come from
the configured base URL (icase/links.py), not the host the request used.
"""

import json

from django.conf import settings
from django.urls import reverse

from cms.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CollectionIndexPage,
    EventIndexPage,
    PioneerIndexPage,
    PioneerProfilePage,
    ThemeIndexPage,
    ToolkitIndexPage,
    ToolkitPage,
)
from icase.links import absolute_url, base_url, page_url

SITE_DESCRIPTION = (
    "Case studies, pioneer profiles, toolkits and learning events from England's integrated care pioneers."
)
LISTING_FEEDS = {
    CaseStudyIndexPage: "case-studies",
    PioneerIndexPage: "pioneers",
    ToolkitIndexPage: "toolkits",
    EventIndexPage: "events",
    CollectionIndexPage: "collections",
    ThemeIndexPage: "themes",
}
ARTICLE_TYPES = (CaseStudyPage, ToolkitPage)
# A search feed's query string: the search parameters only (no page number).
SEARCH_FEED_DROPS = ("page",)


def _specific(page):
    return getattr(page, "specific", page) if page is not None and getattr(page, "pk", None) else None


def first_image(page):
    """The first image in a page's body, if it has one (only body blocks hold images)."""
    for block in getattr(page, "body", None) or []:
        if block.block_type == "image" and block.value.get("image"):
            return block.value["image"]
    return None


def share_details(context):
    """{title, description, url, type, image, image_alt, from_blocks} for the page being rendered.

    `from_blocks` is true for a view that is neither a page, a theme nor a search: its template's
    title block (unless it gives a `share_title`) and description block say what it is
    (sharing_tags)."""
    request = context.get("request")
    page = _specific(context.get("page"))
    theme = context.get("theme")
    search = context.get("search")
    title = context.get("share_title") or ""
    description = ""
    kind = "website"
    image = None
    if theme is not None and hasattr(theme, "label"):
        title, description = theme.label, theme.description
    elif search is not None and hasattr(search, "request"):
        title = f"{search.request.query}: search results" if search.request.query else "Search"
        description = "Search case studies, pioneers, toolkits, events, themes and collections on ICASE."
    elif page is not None:
        title = page.seo_title or page.title
        description = page.get_meta_description() if hasattr(page, "get_meta_description") else ""
        kind = "article" if isinstance(page, ARTICLE_TYPES) else "website"
        image = first_image(page)
    path = request.path if request is not None else "/"
    if search is not None and hasattr(search, "request") and request is not None:
        params = request.GET.copy()
        for name in SEARCH_FEED_DROPS:
            params.pop(name, None)
        path = f"{path}?{params.urlencode()}" if params else path
    details = {
        "title": title or settings.WAGTAIL_SITE_NAME,
        "description": " ".join(str(description or SITE_DESCRIPTION).split()),
        "url": absolute_url(path),
        "type": kind,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "image": None,
        "image_alt": "",
        "from_blocks": page is None and theme is None and search is None,
    }
    if image is not None:
        rendition = image.get_rendition("fill-1200x630")
        details["image"] = absolute_url(rendition.url)
        details["image_alt"] = getattr(image, "alt_text", "") or image.title
    return details


def feed_links(context):
    """[(title, absolute feed URL)] for the feeds that follow what this page shows (a view that
    is not a page, theme or search, such as the bulletin archive, passes its own `feed_links`)."""
    if context.get("feed_links"):
        return context["feed_links"]
    request = context.get("request")
    page = _specific(context.get("page"))
    theme = context.get("theme")
    search = context.get("search")
    if theme is not None and hasattr(theme, "slug"):
        return [(f"{theme.label} - ICASE", absolute_url(reverse("alerts:theme_feed", args=[theme.slug])))]
    if search is not None and hasattr(search, "request") and request is not None:
        params = request.GET.copy()
        for name in SEARCH_FEED_DROPS:
            params.pop(name, None)
        query = f"?{params.urlencode()}" if params else ""
        return [("These search results - ICASE", absolute_url(reverse("alerts:search_feed") + query))]
    if isinstance(page, PioneerProfilePage):
        return [(f"{page.title} - ICASE", absolute_url(reverse("alerts:pioneer_feed", args=[page.slug])))]
    listing = LISTING_FEEDS.get(type(page)) if page is not None else None
    if listing:
        return [(f"{page.title} - ICASE", absolute_url(reverse("alerts:listing_feed", args=[listing])))]
    return []


def _themes(page):
    return [theme.name for theme in page.themes.all()]


def structured_data(page):
    """schema.org data for a case study or toolkit (Article) or a pioneer (Organization), or None."""
    page = _specific(page)
    publisher = {"@type": "Organization", "name": settings.WAGTAIL_SITE_NAME, "url": base_url() + "/"}
    if isinstance(page, ARTICLE_TYPES):
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": page.title,
            "description": page.summary,
            "url": page_url(page),
            "publisher": publisher,
            "about": _themes(page),
        }
        if page.first_published_at:
            data["datePublished"] = page.first_published_at.isoformat()
        if page.last_published_at:
            data["dateModified"] = page.last_published_at.isoformat()
        if isinstance(page, CaseStudyPage):
            data["datePublished"] = page.publication_date.isoformat()
            pioneer = page.pioneer
            data["author"] = {"@type": "Organization", "name": pioneer.title, "url": page_url(pioneer)}
        else:
            data["author"] = publisher
        return data
    if isinstance(page, PioneerProfilePage):
        return {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": page.title,
            "description": page.summary,
            "url": page_url(page),
            "areaServed": page.get_region_display(),
            "knowsAbout": _themes(page),
        }
    return None


def as_json_ld(data):
    """JSON for a <script type="application/ld+json"> block, with <, > and & escaped so no text in
    it can close the element (the same escapes as Django's json_script)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
