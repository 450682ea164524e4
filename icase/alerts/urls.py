from django.urls import path

from . import feeds

app_name = "alerts"

urlpatterns = [
    path("feeds/search/", feeds.SearchFeed(), name="search_feed"),
    path("feeds/themes/<slug:slug>/", feeds.ThemeFeed(), name="theme_feed"),
    path("feeds/pioneers/<slug:slug>/", feeds.PioneerFeed(), name="pioneer_feed"),
    path("feeds/<slug:listing>/", feeds.ListingFeed(), name="listing_feed"),
]
