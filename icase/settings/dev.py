"""Local development: `make run` (SQLite, database search backend, debug toolbar-free)."""

from .shared_local_runs import *  # noqa: F403

# DJANGO_DEBUG=0 shows the error pages visitors see (403, 404, 500) instead of Django's debug
# pages: bench/screens.py needs it. runserver then serves static files only with --insecure.
DEBUG = os.environ.get("DJANGO_DEBUG", "1") != "0"  # noqa: F405
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-used-in-production"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
