"""What "Get emails about this" on a page would follow: the page's search, as query and filters.

A theme page is the filter theme=…, a pioneer page pioneer=…, a listing its content type plus
whichever of its filters the search page also has (theme, pioneer, population, evaluation, year,
region), and the search page exactly its query and filters. The themes index follows everything.
A community category (a network) follows its new threads; the community index every new discussion.
"""

from dataclasses import dataclass, field

from cms.models import (
    CaseStudyIndexPage,
    CollectionIndexPage,
    EventIndexPage,
    PioneerIndexPage,
    PioneerProfilePage,
    ThemeIndexPage,
    ToolkitIndexPage,
)

from .models import Subscription
from .services import clean_filters, describe

LISTING_TYPES = {
    CaseStudyIndexPage: "case-study",
    PioneerIndexPage: "pioneer",
    ToolkitIndexPage: "toolkit",
    EventIndexPage: "event",
    CollectionIndexPage: "collection",
}


@dataclass
class Target:
    query: str = ""
    filters: dict = field(default_factory=dict)
    category: object = None  # a community category (network or theme): its new threads

    @property
    def label(self):
        return describe(self.query, self.filters, self.category)

    @property
    def key(self):
        return Subscription.key_for(self.query, self.filters, self.category.pk if self.category else None)

    @property
    def fields(self):
        """(name, value) pairs for the form's hidden inputs."""
        if self.category is not None:
            return [("category", self.category.slug)]
        pairs = [("q", self.query)] if self.query else []
        return pairs + [(param, value) for param, values in self.filters.items() for value in values]


def target_for(context, category=None, content_type=None):
    """What the page would follow; a community category page passes its `category` explicitly
    (and shows the button only to those who may see the category: services.subscribe checks it too),
    and the community index its `content_type` (every new discussion the member may see)."""
    if category is not None:
        return Target(category=category)
    if content_type is not None:
        return Target(filters={"type": [content_type]})
    request = context.get("request")
    theme = context.get("theme")
    search = context.get("search")
    page = context.get("page")
    page = page.specific if getattr(page, "pk", None) else None
    if theme is not None and hasattr(theme, "slug"):
        return Target(filters={"theme": [theme.slug]})
    if search is not None and hasattr(search, "request"):
        return Target(query=search.request.query, filters=dict(search.request.filters))
    if isinstance(page, PioneerProfilePage):
        return Target(filters={"pioneer": [page.slug]})
    if isinstance(page, ThemeIndexPage):
        return Target()
    if page is not None and type(page) in LISTING_TYPES:
        filters = clean_filters(request.GET) if request is not None else {}
        filters.pop("type", None)
        return Target(filters={"type": [LISTING_TYPES[type(page)]], **filters})
    return None
