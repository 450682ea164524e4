from django.urls import path

from . import feeds, organiser_views, views

app_name = "events"

urlpatterns = [
    path("events/yours/", views.yours, name="yours"),
    path("events/yours/listing/", views.list_attended, name="list_attended"),
    path("events/yours/calendar/reset/", feeds.reset_key, name="reset_calendar"),
    path("events/calendar.ics", feeds.all_events, name="calendar_all"),
    path("events/calendar/theme/<slug:slug>.ics", feeds.theme_events, name="calendar_theme"),
    path("events/calendar/network/<slug:slug>.ics", feeds.network_events, name="calendar_network"),
    path("events/calendar/mine/<str:key>.ics", feeds.personal_events, name="calendar_mine"),
    path("events/book/<int:pk>/", views.register, name="register"),
    path("events/book/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("events/book/<int:pk>/accept/", views.accept, name="accept"),
    path("events/book/<int:pk>/attendees/", organiser_views.attendees, name="attendees"),
    path("events/book/<int:pk>/attended/", views.attended, name="attended"),
    path("events/book/<int:pk>/places/", organiser_views.capacity, name="capacity"),
    path("events/book/<int:pk>/attendees.csv", organiser_views.attendees_csv, name="attendees_csv"),
    path("events/book/<int:pk>/message/", organiser_views.message, name="message"),
]
