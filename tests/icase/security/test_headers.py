"""S4: security headers, checked on responses rather than settings."""

import pytest

from tests.icase.test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_public_pages_get_a_strict_content_security_policy(client):
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    for name in ("/search/?q=bcf", "/community/", "/accounts/login/"):
        assert "unsafe" not in client.get(name).headers["Content-Security-Policy"], name


def test_the_admin_gets_its_own_policy(client):
    response = client.get("/admin/")
    policy = directives(response.headers["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


def test_production_responses_carry_the_security_headers():
    code = (
        "from django.test import Client;"
        "r = Client().get('/api/search/suggest?q=a', secure=True, HTTP_HOST='localhost');"
        "print(r.status_code);"
        "[print(f'{k}: {v}') for k, v in r.headers.items()];"
        "r = Client().get('/api/search/suggest?q=a', HTTP_HOST='localhost');"
        "print('plain-http', r.status_code, r.headers.get('Location'))"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/icase-headers-test.sqlite3"}
    result = manage("shell", "-v", "0", "-c", code, env_overrides=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    headers = dict(line.split(": ", 1) for line in lines[1:-1])
    assert lines[0] == "200"
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self';" in headers["Content-Security-Policy"] + ";"
    assert lines[-1] == "plain-http 301 https://localhost/api/search/suggest?q=a"
