from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("events/yours/", views.yours, name="yours"),
    path("events/book/<int:pk>/", views.register, name="register"),
    path("events/book/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("events/book/<int:pk>/accept/", views.accept, name="accept"),
]
