"""Two app servers side by side on one database and one Redis (Debian's redis-server), as
production runs several replicas: what one does, the other sees at once. A publish made elsewhere
shows on both, even on a page each had already cached for anonymous visitors (the content
generation lives in the shared cache), and a client's API rate limit counts across both."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from .conftest import ROOT, free_port, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server_binary = shutil.which("redis-server")
    if server_binary is None:
        message = "redis-server is not installed (make service-deps installs Debian's package)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server_binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.2)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def two_servers(site_database, redis_url):
    workdir, env = site_database
    shared = {**env, "REDIS_URL": redis_url}
    started = [start_server(workdir, shared, name) for name in ("replica-a", "replica-b")]
    yield workdir, shared, [base for base, _, _ in started]
    for _, server, log in started:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def manage_shell(env, code):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_a_publish_shows_on_both_servers_at_once_even_where_the_page_was_cached(two_servers):
    _, env, (first, second) = two_servers
    pk, path = manage_shell(
        env,
        "from cms.models import ToolkitPage\n"
        "page = ToolkitPage.objects.live().public().order_by('path').first()\n"
        "print(page.pk, page.url)",
    ).split()
    for base in (first, second):  # each server holds a cached copy (a first request may warm up more)
        served = [fetch(base + path)[1].get("X-Cache") for _ in range(4)]
        assert served[-1] == "hit", (base, served)
    manage_shell(
        env,
        "from cms.models import ToolkitPage\n"
        f"page = ToolkitPage.objects.get(pk={pk})\n"
        "page.title = 'Retitled on another machine'\n"
        "page.save_revision().publish()\n"
        "print('published')",
    )
    for base in (first, second):
        status, headers, body = fetch(base + path)
        assert status == 200 and "Retitled on another machine" in body, base


def test_a_clients_api_rate_limit_counts_across_both_servers(two_servers):
    _, env, (first, second) = two_servers
    limit = int(manage_shell(env, "from icase.api.views import API_RATE_LIMIT; print(API_RATE_LIMIT)"))
    # The limit counts in fixed one-minute windows: start at the beginning of one.
    time.sleep(60 - time.time() % 60 + 0.5 if time.time() % 60 > 40 else 0)
    for number in range(limit):
        status, _, body = fetch(f"{(first, second)[number % 2]}/api/v1/pages/?type=toolkit&page_size=1")
        assert status == 200, (number, body[:200])
        assert json.loads(body)["results"] is not None
    for base in (first, second):
        status, headers, _ = fetch(f"{base}/api/v1/pages/?type=toolkit&page_size=1")
        assert status == 429 and headers.get("Retry-After"), base
