"""The site's URLs with the benchmark's bare view in front (bench/settings.py only)."""

from django.http import HttpResponse
from django.urls import path

from icase.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
