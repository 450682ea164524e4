from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("api/v1/pages/", views.pages, name="pages"),
    path("api/v1/openapi.json", views.openapi, name="openapi"),
]
