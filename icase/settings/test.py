"""pytest settings: fast hashing, in-memory mail, real templates and real static files."""

from .shared_local_runs import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105 - test settings never serve real users
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A test that runs the site in a subprocess (tests/icase/test_backups.py) gives it its own media.
MEDIA_ROOT = Path(os.environ.get("ICASE_TEST_MEDIA_ROOT", BASE_DIR / "var" / "test-media"))  # noqa: F405
PRIVATE_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_ROOT  # noqa: F405

# Tests opt in to Elasticsearch through fixtures (tests/conftest.py): ELASTICSEARCH_URL in the
# environment names the node those fixtures use, it does not switch every other test (those about
# the database search) to Elasticsearch. A server the browser tests start is told its node as
# ICASE_TEST_SERVER_ELASTICSEARCH_URL.
ELASTICSEARCH_URL = os.environ.get("ICASE_TEST_SERVER_ELASTICSEARCH_URL", "")  # noqa: F405

# The browser tests' server writes mail to files so a test can follow the links in it.
if os.environ.get("EMAIL_FILE_PATH"):  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]  # noqa: F405
