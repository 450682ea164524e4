"""Settings shared by every environment.

Every secret and external service comes from the environment (SECRET_KEY, DATABASE_URL,
ELASTICSEARCH_URL, ALLOWED_HOSTS); the environment-specific modules only change defaults.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "icase"


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "icase",
    "icase.community",
    "icase.events",
    "icase.feedback",
    "icase.privacy",
    "icase.exchange",
    "icase.alerts",
    "icase.api",
    "cms",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "icase.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the request: control characters and floods of parameters get a plain 400.
    "icase.security.input.RejectHostileInputMiddleware",
    "cms.generation.GenerationPerRequestMiddleware",  # one look-up of the content generation per request
    # Whole responses for anonymous visitors, keyed by the content generation (icase/response_cache.py):
    # outermost after the checks above, so it stores what every later middleware added.
    "icase.response_cache.AnonymousResponseCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "icase.privacy.audit.AuditActorMiddleware",  # who acted, for the audit log
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "icase.accounts.activity.UserSessionsMiddleware",  # allauth's, writing at most every 5 minutes
    "icase.accounts.middleware.RequireMFAForAdminMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "icase.security.csp.ICASECSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.atomic_admin.AtomicAdminChangesMiddleware",  # last: admin changes are all or nothing
]
# Query-string parameters a public URL may carry (icase/security/input.py): the fullest search, every
# facet with twenty values, needs about 150. The admin keeps DATA_UPLOAD_MAX_NUMBER_FIELDS.
MAX_QUERY_PARAMETERS = 200

# Content Security Policy (django-csp, served by icase/security/csp.py): strict on the public site;
# the Wagtail admin gets its own policy because its editor still needs inline script and style.
ADMIN_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
    }
}

# Caches: "default" for rate limits and sessions' helpers, "pages" for renderings (whole anonymous
# responses, the navigation) and the page-view buffer, so pages never cull a rate-limit counter.
# Local memory here (one process: `make run`, tests); production shares both between workers.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "icase-pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

# Sessions are written to the database and read from the default cache (a signed-in page makes
# one query fewer): ending a session (signing out, "sign out other sessions", allauth's session
# list) deletes it from both. Safe because the default cache is shared by every process that
# serves the site (one process locally; Redis or the cache table in production).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


def redis_caches(url):
    """Both caches in one Redis, shared by every process that names it (REDIS_URL): rate limits,
    the content generation and cached renderings hold across workers and servers at once."""
    return {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url},
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "pages",
        },
    }


# Anonymous responses served from the cache (icase/response_cache.py). Paths under these prefixes
# are never cached: the admin, accounts, documents (counted and privacy-checked per download),
# the health check, and search (every query is logged and differs).
RESPONSE_CACHE = {
    "ENABLED": True,
    "TIMEOUT": 24 * 3600,  # invalidation is by the content generation; this only frees space
    # Never kept: personal or rate-limited answers (the API counts every request; an unsubscribe
    # link acts on its token; a personal calendar is one member's bookings).
    "EXCLUDED_PATHS": [
        "/admin/",
        "/accounts/",
        "/documents/",
        "/healthz",
        "/search/",
        "/api/",
        "/subscriptions/",
        "/events/yours/",
        "/events/calendar/mine/",
        "/events/book/",
    ],
    # Seconds a CDN in front may keep an anonymous page (s-maxage); 0: it must revalidate (ETag).
    "CDN_MAX_AGE": int(os.environ.get("CDN_MAX_AGE", "0")),
}
# Writes that change no page an anonymous visitor sees, so they leave cached renderings valid
# (cms/generation.py: every other save or delete makes them out of date at once).
CONTENT_GENERATION_IGNORED_MODELS = {
    "migrations.migration",
    "sessions.session",
    "usersessions.usersession",
    "account.emailaddress",
    "account.emailconfirmation",
    "mfa.authenticator",
    "admin.logentry",
    "wagtailusers.userprofile",
    "cms.pageviewcount",
    "cms.documentdownloadcount",
    "search.indexoutboxentry",
    "search.searchquerylog",
    "community.notification",
    "community.follow",
    "feedback.contactmessage",
    "feedback.pagefeedback",
    "django_tasks_database.dbtaskresult",
    # Members' own records that no anonymous page shows.
    "community.threadvisit",
    "alerts.subscription",
    "alerts.subscriptionfilter",
    "alerts.alert",
    "alerts.digestdelivery",
    "alerts.bulletinoptin",  # per member: no anonymous page shows who asked for the bulletin
    "alerts.bulletindelivery",  # one row per member per bulletin sent
    "events.calendarkey",
    "privacy.dataexport",
    "privacy.auditevent",
    "privacy.searchquerymonthlycount",
    "exchange.supportrequest",
    "exchange.supportreply",
}

ROOT_URLCONF = "icase.urls"
WSGI_APPLICATION = "icase.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.site_navigation",
                "icase.community.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite under a threaded server (`make run`): WAL lets readers carry on while one connection
    # writes; transactions take the write lock when they begin (IMMEDIATE), so one that reads and
    # then writes waits its turn instead of failing at once with "database is locked"; and a writer
    # waits up to 20 s for the lock rather than SQLite's default 5.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Members' data downloads: never under MEDIA_URL, only through the signed, owner-only view.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_ROOT, "base_url": None},
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Form fields other than files (Django's default, stated: the Wagtail admin's page forms need it);
# uploaded files over 1 MB wait in a temporary file rather than in a worker's memory. The story
# form also stops reading a file that goes over its limit (cms.uploads.StreamedFileLimits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Accounts (django-allauth): open to everyone in health and care, email verified before first
# sign-in, identical answers for known and unknown addresses, rate limits on, MFA for editors.
AUTHENTICATION_BACKENDS = [
    "icase.accounts.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Sign-up asks for the name members see and gives a random handle: nothing public comes from the
# email address (icase/accounts/adapter.py, icase/accounts/forms.py).
ACCOUNT_ADAPTER = "icase.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "icase.accounts.forms.SignupForm"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "ICASE: "
# Labels and messages in GOV.UK style ("Enter your email address"); allauth's behaviour unchanged.
ACCOUNT_FORMS = {
    name: f"icase.accounts.allauth_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "add_email": "AddEmailForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "reauthenticate": "ReauthenticateForm",
        "request_login_code": "RequestLoginCodeForm",
        "confirm_login_code": "ConfirmLoginCodeForm",
    }.items()
}
MFA_FORMS = {
    "authenticate": "icase.accounts.allauth_forms.AuthenticateForm",
    "reauthenticate": "icase.accounts.allauth_forms.MFAReauthenticateForm",
    "activate_totp": "icase.accounts.allauth_forms.ActivateTOTPForm",
}
# Pages and emails name a member by the name they gave, never by their random handle.
ACCOUNT_USER_DISPLAY = "icase.accounts.emails.user_display"
# A signed-in member who confirms another address lands on their email addresses page, where the
# "confirmed" message shows (the home page shows no messages).
ACCOUNT_EMAIL_CONFIRMATION_AUTHENTICATED_REDIRECT_URL = "account_email"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ICASE"
USERSESSIONS_TRACK_ACTIVITY = True
# Client IPs for rate limits come from REMOTE_ADDR unless a trusted proxy count is configured, so a
# spoofed X-Forwarded-For cannot escape a limit.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ICASE <no-reply@localhost>")

WAGTAIL_SITE_NAME = "ICASE"
WAGTAILADMIN_LOGIN_URL = "account_login"
# The one base for every absolute link: emails (allauth's and ICASE's) and the event .ics files,
# never the host a request happened to use (icase/links.py absolute_url).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "cms.AccessibleImage"
WAGTAILDOCS_DOCUMENT_MODEL = "cms.DescribedDocument"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]  # no SVG: it can carry script
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000  # a small PNG can unpack to gigabytes; 40 MP is ample
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"  # private pages and documents sign in through allauth
# No Gravatar avatars in the admin: they would send editors' email hashes to a third party, and the
# admin's Content Security Policy (img-src 'self') blocks them anyway.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"shared_password": False}
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# Community limits (Discourse-style trust): a new member's first posts, and their edits to published
# posts, wait for a moderator and may hold only a few links; everyone has a posting and editing
# rate, a duplicate-post limit and a cap on @mentions (each one can send an email).
COMMUNITY = {
    "PREMODERATED_POSTS": int(os.environ.get("COMMUNITY_PREMODERATED_POSTS", "2")),
    "NEW_MEMBER_LINKS": 2,
    "MAX_MENTIONS": 10,
    "POSTS_PER_WINDOW": 5,
    "EDITS_PER_WINDOW": 10,
    "POSTING_WINDOW_MINUTES": 10,
    "DUPLICATE_WINDOW_HOURS": 24,
    "FLAGS_TO_HIDE": 3,
    "MAX_POST_LENGTH": 20_000,
}

# Barriers register: how often an open barrier's progress update is due (the scheduler reminds its
# raiser), and how long without activity before it becomes dormant.
EXCHANGE = {
    "UPDATE_EVERY_DAYS": 91,
    "DORMANT_AFTER_DAYS": 180,
}

# Background work (search indexing, reference index, later emails) goes through Django's task API.
# Development and tests run tasks immediately; production queues them in the database for the
# worker (`manage.py db_worker`, the `worker` service in docker-compose.yml).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# The public search page moves to Elasticsearch with the search issue; the database backend serves
# the admin and stays the fallback.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# A cluster with security on (docker-compose.yml) needs credentials, sent as HTTP basic auth; apart
# from the URL so a password needs no URL-escaping and never appears in a printed URL.
ELASTICSEARCH_USERNAME = os.environ.get("ELASTICSEARCH_USERNAME", "elastic")
ELASTICSEARCH_PASSWORD = os.environ.get("ELASTICSEARCH_PASSWORD", "")
# The search query log behind the editors' report is sampled (search/querylog.py record_query): at
# most so many searches logged per client address, and for the whole site, in each window.
SEARCH_LOG_LIMITS = {"PER_CLIENT": 20, "TOTAL": 300, "WINDOW_SECONDS": 60}
ELASTICSEARCH_INDEX_ALIAS = os.environ.get("ELASTICSEARCH_INDEX_ALIAS", "icase-content")
# One shard holds this site's corpus; a cluster of three nodes sets one or two replicas, so the
# index survives a node going down. A new value applies at the next `search_index rebuild`.
ELASTICSEARCH_INDEX_SHARDS = int(os.environ.get("ELASTICSEARCH_INDEX_SHARDS", "1"))
ELASTICSEARCH_INDEX_REPLICAS = int(os.environ.get("ELASTICSEARCH_INDEX_REPLICAS", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}
