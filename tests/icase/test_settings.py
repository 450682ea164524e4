"""Project-level checks: system checks, migrations in step with models, production settings."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml

from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
TEST_SECRET = "a-production-like-secret-key-of-sufficient-length-and-randomness-0123456789"


def compose_environment():
    """The web service's environment as docker compose would resolve it, with SECRET_KEY supplied."""
    resolved = {}
    for name, value in COMPOSE["services"]["web"]["environment"].items():
        value = re.sub(r"\$\{SECRET_KEY:\?[^}]*\}", TEST_SECRET, str(value))
        resolved[name] = re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)
    return resolved


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
        " s.DEBUG, s.ALLOWED_HOSTS, s.TASKS['default']['BACKEND'])"
    )
    result = manage("shell", "-v", "0", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "db",
        "http://elasticsearch:9200",
        "False",
        "['localhost',",
        "'127.0.0.1']",
        "django_tasks_db.DatabaseBackend",
    ]


def test_compose_runs_web_worker_postgres_and_elasticsearch():
    services = COMPOSE["services"]
    assert set(services) == {"web", "worker", "scheduler", "db", "elasticsearch"}
    assert "createcachetable" in services["web"]["command"]
    assert services["scheduler"]["command"] == "python manage.py run_scheduler --daily-at 07:00"
    assert "gunicorn icase.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"] == "python manage.py db_worker"
    assert services["db"]["image"] == "postgres:16"
    assert services["elasticsearch"]["image"].startswith("docker.elastic.co/elasticsearch/elasticsearch:8.")
    assert "-Xmx1g" in services["elasticsearch"]["environment"]["ES_JAVA_OPTS"]


def test_the_worker_and_scheduler_commands_exist():
    for command in ("db_worker", "run_scheduler"):
        result = manage(command, "--help")
        assert result.returncode == 0, result.stderr


def test_production_rate_limits_use_a_cache_shared_by_all_workers():
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'], s.ALLAUTH_TRUSTED_PROXY_COUNT)"
    )
    result = manage("shell", "-v", "0", "-c", code, env_overrides=PRODUCTION_ENV)
    assert result.stdout.split() == ["django.core.cache.backends.db.DatabaseCache", "0"], result.stderr
    redis = manage(
        "shell", "-v", "0", "-c", code, env_overrides={**PRODUCTION_ENV, "REDIS_URL": "redis://cache:6379/0"}
    )
    assert redis.stdout.split()[0] == "django.core.cache.backends.redis.RedisCache", redis.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_is_off_unless_a_settings_module_turns_it_on():
    from icase.settings import base

    assert base.DEBUG is False
