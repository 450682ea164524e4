from django.urls import path

from . import downloads, views

app_name = "outcomes"
urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("outcomes.csv", downloads.download_csv, name="csv"),
    path("outcomes.json", downloads.download_json, name="json"),
]
