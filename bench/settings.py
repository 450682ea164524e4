"""Production settings plus one bare view (bench/urls.py), for bench/pages.py only: the bare view
is the yardstick, an HttpResponse through exactly the middleware every page passes. Production
never loads this module, so the view is not reachable there."""

from icase.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
