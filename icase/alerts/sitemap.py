"""sitemap.xml: every place on the site anyone may read, on the configured site address.

Wagtail's own sitemap builds locations from the Site record, which the seed leaves as
"localhost"; search engines must be given the public address (WAGTAILADMIN_BASE_URL). Theme
pages are routes of the theme index, not pages of their own, so they are added here; so are the
public places that are views, not pages (the community, its public categories and discussions, the
outcomes explorer, approved barrier summaries, the bulletin archive), chosen by the same
visibility rule an anonymous visitor meets.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse

from wagtail.contrib.sitemaps import Sitemap

from cms.models import Theme, ThemeIndexPage
from icase.community import visibility
from icase.community.models import Category, Thread
from icase.exchange.models import Barrier
from icase.links import absolute_url

from .models import Bulletin

# Public views that are always there, by URL name.
PUBLIC_VIEWS = (
    "community:index",
    "outcomes:explorer",
    "exchange:barriers",
    "alerts:bulletins",
    "contact",
)


class _OnSiteAddress:
    """Locations on the configured base URL, not the Site record's host."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = absolute_url(url["location"])
        return urls


class SiteSitemap(_OnSiteAddress, Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        if page == 1:
            urls += self.theme_urls()
        return urls

    def theme_urls(self):
        index = ThemeIndexPage.objects.live().public().first()
        if index is None:
            return []
        return [
            {"location": absolute_url(f"{index.url}{theme.slug}/"), "lastmod": None, "item": theme}
            for theme in Theme.objects.all()
        ]


class PublicPlacesSitemap(_OnSiteAddress, DjangoSitemap):
    def items(self):
        anyone = AnonymousUser()
        categories = Category.objects.filter(visibility.category_filter(anyone)).order_by("pk")
        threads = Thread.objects.filter(
            visibility.listed_threads(), visibility.category_filter(anyone, prefix="category__")
        ).order_by("pk")
        barriers = Barrier.objects.filter(visibility.barrier_filter(anyone)).order_by("pk")
        return [
            *(reverse(name) for name in PUBLIC_VIEWS),
            *(category.get_absolute_url() for category in categories),
            *(thread.get_absolute_url() for thread in threads.only("pk", "slug")),
            *(barrier.get_absolute_url() for barrier in barriers.only("pk")),
            *(
                reverse("alerts:bulletin", args=[pk])
                for pk in Bulletin.objects.sent().values_list("pk", flat=True)
            ),
        ]

    def location(self, item):
        return item
