"""Project-level checks: system checks, migrations in step with models, production settings, and the
production stack in docker-compose.yml (parsed: Docker is not needed to run these)."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml

from django.conf import settings
from django.core.management import call_command

from search.elasticsearch import runner

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("setup", "web", "worker", "scheduler")
TEST_SECRET = "a-production-like-secret-key-of-sufficient-length-and-randomness-0123456789"
# What an operator's .env supplies: the variables the stack requires and gives no default.
SUPPLIED = {
    "SECRET_KEY": TEST_SECRET,
    "POSTGRES_PASSWORD": "a-database-password",
    "ELASTIC_PASSWORD": "an-elasticsearch-password",
}
# ${NAME}, ${NAME:-default} or ${NAME:?error}; $${NAME} is an escaped dollar, left to the container.
VARIABLE = re.compile(r"(?<!\$)\$\{(?P<name>[A-Z_]+)(?P<form>:[-?])?(?P<rest>[^}]*)\}")


def interpolate(value):
    """`value` as docker compose resolves it: required variables from SUPPLIED, others their default."""

    def resolve(match):
        if match["form"] == ":?":
            return SUPPLIED[match["name"]]
        return match["rest"]

    return VARIABLE.sub(resolve, str(value))


def compose_environment(service="web"):
    """A service's environment as docker compose would resolve it, with the secrets supplied."""
    return {name: interpolate(value) for name, value in SERVICES[service]["environment"].items()}


def compose_strings(node=COMPOSE):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from compose_strings(key)
            yield from compose_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from compose_strings(item)
    elif isinstance(node, str):
        yield node


def proxies():
    """Services that take the public's requests and forward them: the official Caddy or nginx image."""
    return {name: s for name, s in SERVICES.items() if re.match(r"(caddy|nginx):", s.get("image", ""))}


def caddyfile():
    """The proxy's configuration, as mounted into its container, without comments."""
    (mount,) = [v for v in SERVICES["proxy"]["volumes"] if v.endswith(":/etc/caddy/Caddyfile:ro")]
    return re.sub(r"(?m)^\s*#.*$", "", (ROOT / mount.split(":")[0]).read_text())


def caddy_bytes(size):
    """Caddy's sizes (go-humanize): MB is 1000², MiB is 1024²."""
    number, unit = re.fullmatch(r"(\d+)\s*([KMG]i?B)", size).groups()
    base = 1024 if "i" in unit else 1000
    return int(number) * base ** " KMG".index(unit[0])


PRODUCTION_ENV = compose_environment()


def manage(*args, env_overrides=None):
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENV}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_system_checks_pass():
    call_command("check", fail_level="WARNING")


@pytest.mark.django_db
def test_migrations_match_the_models():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_production_settings_pass_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_read_services_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['HOST'], s.ELASTICSEARCH_URL,"
        " s.ELASTICSEARCH_USERNAME, s.ELASTICSEARCH_PASSWORD, s.DEBUG, s.ALLOWED_HOSTS,"
        " s.TASKS['default']['BACKEND'])"
    )
    result = manage("shell", "-v", "0", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db",
        "http://elasticsearch:9200",
        "elastic",
        SUPPLIED["ELASTIC_PASSWORD"],
        "False",
        "['localhost',",
        "'127.0.0.1']",
        "django_tasks_db.DatabaseBackend",
    ]


def test_compose_runs_proxy_setup_web_worker_postgres_redis_and_elasticsearch():
    services = SERVICES
    assert set(services) == {"proxy", "setup", "web", "worker", "scheduler", "db", "cache", "elasticsearch"}
    assert services["setup"]["command"] == "python manage.py setup_site"
    assert services["scheduler"]["command"] == "python manage.py run_scheduler --daily-at 07:00"
    assert services["web"]["command"].startswith("gunicorn icase.wsgi:application ")
    assert services["worker"]["command"] == "python manage.py db_worker"
    assert services["db"]["image"] == "postgres:16"
    assert "-Xmx1g" in services["elasticsearch"]["environment"]["ES_JAVA_OPTS"]


def test_set_up_runs_once_before_the_site_not_on_every_web_start():
    """Several web replicas starting together must not each migrate or rebuild the search index."""
    for name in ("web", "worker", "scheduler"):
        assert SERVICES[name]["depends_on"]["setup"]["condition"] == "service_completed_successfully", name
    for step in ("migrate", "load_initial_data", "search_index"):
        assert step not in SERVICES["web"]["command"]
    assert "setup" not in SERVICES["setup"]["depends_on"]
    assert SERVICES["setup"]["restart"] == "no"


def test_compose_runs_the_elasticsearch_version_the_tests_run():
    image, tag = SERVICES["elasticsearch"]["image"].split(":")
    assert image == "docker.elastic.co/elasticsearch/elasticsearch"
    assert tag == runner.ES_VERSION


def test_compose_has_no_default_passwords():
    """Every secret is required (${VAR:?...}): a stack started without one refuses to start."""
    for text in compose_strings():
        for match in VARIABLE.finditer(text):
            if re.search(r"PASSWORD|SECRET", match["name"]):
                assert match["form"] == ":?", f"{match[0]} has a default"
    for name, service in SERVICES.items():
        for key, value in (service.get("environment") or {}).items():
            if re.search(r"PASSWORD|SECRET", key):
                assert VARIABLE.fullmatch(str(value)), f"{name}: {key} is not taken from the environment"
    (database_url,) = {compose_environment(name)["DATABASE_URL"] for name in APP_SERVICES}
    assert f":{SUPPLIED['POSTGRES_PASSWORD']}@db:" in database_url
    assert compose_environment("db")["POSTGRES_PASSWORD"] == SUPPLIED["POSTGRES_PASSWORD"]


def test_only_the_proxy_publishes_ports():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}
    assert {port.split(":")[0] for port in SERVICES["proxy"]["ports"]} == {"80", "443"}


def test_the_proxy_limits_request_bodies_a_little_above_the_largest_upload():
    assert set(proxies()) == {"proxy"}
    config = caddyfile()
    (limit,) = re.findall(r"request_body\s*\{\s*max_size\s+(\S+)\s*\}", config)
    largest = max(settings.WAGTAILDOCS_MAX_UPLOAD_SIZE, settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE)
    assert largest < caddy_bytes(limit) <= 1.5 * largest
    assert "reverse_proxy" in config and "dynamic a web 8000" in config
    # Without trusted_proxies Caddy replaces a client's X-Forwarded-For with the connecting address.
    assert "trusted_proxies" not in config
    assert "/media/documents" not in config, "documents must go through Wagtail's serve view"


def test_trusted_proxy_count_matches_the_proxies_in_front_of_the_site():
    for name in APP_SERVICES:
        assert compose_environment(name)["TRUSTED_PROXY_COUNT"] == str(len(proxies())), name


def test_elasticsearch_security_is_on_and_the_app_authenticates():
    environment = compose_environment("elasticsearch")
    assert environment["xpack.security.enabled"] == "true"
    assert environment["xpack.security.http.ssl.enabled"] == "false"  # plain HTTP inside the stack only
    assert environment["ELASTIC_PASSWORD"] == SUPPLIED["ELASTIC_PASSWORD"]
    assert "ports" not in SERVICES["elasticsearch"]
    for name in APP_SERVICES:
        app = compose_environment(name)
        assert (app["ELASTICSEARCH_USERNAME"], app["ELASTICSEARCH_PASSWORD"]) == (
            "elastic",
            SUPPLIED["ELASTIC_PASSWORD"],
        ), name
    health = SERVICES["elasticsearch"]["healthcheck"]["test"][1]
    assert '-u "elastic:$${ELASTIC_PASSWORD}"' in health
    assert '"http://localhost:9200/_cluster/health?wait_for_status=yellow&timeout=5s"' in health


def test_the_worker_and_scheduler_commands_exist():
    for command in ("db_worker", "run_scheduler"):
        result = manage(command, "--help")
        assert result.returncode == 0, result.stderr


def test_production_rate_limits_use_a_cache_shared_by_all_workers():
    """The compose stack shares its `cache` service (Redis); without REDIS_URL, database tables."""
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.CACHES['pages']['BACKEND'], s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    redis = "django.core.cache.backends.redis.RedisCache"
    result = manage("shell", "-v", "0", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.stdout.split() == [redis, redis, "1"], result.stderr
    assert PRODUCTION_ENV["REDIS_URL"] == "redis://cache:6379/0"
    assert SERVICES["cache"]["image"].startswith("redis:")
    for name in APP_SERVICES:
        assert SERVICES[name]["depends_on"]["cache"]["condition"] == "service_healthy", name
    tables = manage("shell", "-v", "0", "-c", code, env_overrides={**PRODUCTION_ENV, "REDIS_URL": ""})
    database = "django.core.cache.backends.db.DatabaseCache"
    assert tables.stdout.split() == [database, database, "1"], tables.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_a_settings_module_turns_it_on():
    from icase.settings import base

    assert base.DEBUG is False


def test_the_image_never_contains_the_secrets_file():
    """The Dockerfile copies the work tree; the .env beside docker-compose.yml must stay out."""
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored
