from django.urls import path

from . import bulletin_views, discussion_feeds, feeds, views

app_name = "alerts"

urlpatterns = [
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("subscriptions/new/", views.subscribe, name="subscribe"),
    path("subscriptions/unsubscribe/", views.unsubscribe, name="unsubscribe"),
    path("bulletins/", bulletin_views.archive, name="bulletins"),
    path("bulletins/<int:pk>/", bulletin_views.bulletin, name="bulletin"),
    path("feeds/bulletins/", feeds.BulletinFeed(), name="bulletin_feed"),
    path("feeds/search/", feeds.SearchFeed(), name="search_feed"),
    path("feeds/community/", discussion_feeds.DiscussionFeed(), name="discussion_feed"),
    path("feeds/community/<slug:slug>/", discussion_feeds.DiscussionFeed(), name="category_discussion_feed"),
    path("feeds/themes/<slug:slug>/", feeds.ThemeFeed(), name="theme_feed"),
    path("feeds/pioneers/<slug:slug>/", feeds.PioneerFeed(), name="pioneer_feed"),
    path("feeds/<slug:listing>/", feeds.ListingFeed(), name="listing_feed"),
]
