"""sitemap.xml: every live, public page and every theme's page, on the configured site address.

Wagtail's own sitemap builds locations from the Site record, which the seed leaves as
"localhost"; search engines must be given the public address (WAGTAILADMIN_BASE_URL). Theme
pages are routes of the theme index, not pages of their own, so they are added here.
"""

from wagtail.contrib.sitemaps import Sitemap

from cms.models import Theme, ThemeIndexPage
from icase.links import absolute_url


class SiteSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = absolute_url(url["location"])
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
