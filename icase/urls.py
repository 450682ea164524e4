from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import page_view
from cms import views as cms_views
from search import views as search_views
from search.admin_views import popular_terms_chooser

from .alerts.sitemap import PublicPlacesSitemap, SiteSitemap
from .feedback import views as feedback_views
from .health import healthz
from .views import favicon

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("share-your-story/", cms_views.share_story, name="share_story"),
    path("contact/", feedback_views.contact, name="contact"),
    path("contact/sent/", feedback_views.contact_sent, name="contact_sent"),
    path("feedback/", feedback_views.page_feedback, name="page_feedback"),
    path("share-your-story/thank-you/", cms_views.story_shared, name="story_shared"),
    path("your-stories/", cms_views.your_stories, name="your_stories"),
    path("outcomes/", include("cms.outcomes.urls")),
    path("", include("icase.community.urls")),
    path("accounts/your-data/", include("icase.privacy.urls")),
    path("", include("icase.exchange.urls")),
    path("", include("icase.events.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    # Best bets' "Popular search terms" read ICASE's query log (before Wagtail's own chooser).
    path("admin/searchpicks/queries/chooser/", popular_terms_chooser),
    path(
        "admin/searchpicks/queries/chooser/results/",
        popular_terms_chooser,
        {"results_only": True},
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("api/search/", search_views.api_search, name="api_search"),
    path("api/search/suggest", search_views.api_suggest, name="api_search_suggest"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": SiteSitemap, "places": PublicPlacesSitemap}}),
    path("", include("icase.alerts.urls")),
    path("", include("icase.api.urls")),
]

if settings.DEBUG:
    # Images only: documents are served by Wagtail's view, which applies collection privacy
    # (stories awaiting review), so their files are never reachable by a direct media URL.
    for folder in ("images", "original_images"):
        urlpatterns += static(f"{settings.MEDIA_URL}{folder}/", document_root=settings.MEDIA_ROOT / folder)

# Wagtail's own URLs, with its page view replaced by the one that reuses the routing walk
# (cms/page_view.py); same pattern and name, after Wagtail's _util/ URLs as in wagtail.urls.
urlpatterns += [pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"]
urlpatterns += [re_path(wagtail_urls.serve_pattern, page_view.serve, name="wagtail_serve")]
