"""What the two local settings share, `dev` (make run) and `test` (pytest): they answer any host
name and serve static files from their sources, not from a collected, hashed manifest."""

from .base import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

# Local runs keep their caches in memory, unless REDIS_URL names a Redis to share (the test of two
# servers side by side, tests/browser/test_two_servers.py).
if os.environ.get("REDIS_URL"):  # noqa: F405
    CACHES = redis_caches(os.environ["REDIS_URL"])  # noqa: F405

# runserver and the test client serve static files through django.contrib.staticfiles.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
