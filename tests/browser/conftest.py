"""A real ICASE server and Debian's Chromium for the browser tests.

The server runs in its own process on a fresh SQLite database built exactly as `make run` builds
it (migrate, then load_initial_data), so these tests see what a visitor sees.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(workdir, env, name):
    manage = [sys.executable, str(ROOT / "manage.py")]
    port = free_port()
    log = open(workdir / f"{name}.log", "w")  # noqa: SIM115 - closed when the session ends
    server = subprocess.Popen(
        manage + ["runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(f"ICASE test server did not start; see {workdir / name}.log") from None
            time.sleep(0.3)
    return base_url, server, log


@pytest.fixture(scope="session")
def site_database(tmp_path_factory, elasticsearch_url):
    """A fresh database built as `make run` builds it, and its own search index."""
    workdir = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icase.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "ICASE_TEST_SERVER_ELASTICSEARCH_URL": elasticsearch_url,
        "ELASTICSEARCH_INDEX_ALIAS": f"icase-browser-{free_port()}",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_initial_data", "-v0"],
        ["shell", "-c", "from tests.browser.community_content import create; create()"],
        ["search_index", "rebuild"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    return workdir, env


@pytest.fixture(scope="session")
def live_site(site_database):
    """The site with Elasticsearch search."""
    workdir, env = site_database
    base_url, server, log = start_server(workdir, env, "server")
    yield base_url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def degraded_site(site_database):
    """The same site while Elasticsearch is unreachable (search in limited mode)."""
    workdir, env = site_database
    base_url, server, log = start_server(
        workdir, {**env, "ICASE_TEST_SERVER_ELASTICSEARCH_URL": "http://127.0.0.1:9"}, "degraded"
    )
    yield base_url
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs Debian's chromium.")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A tab that fails the test if the page breaks its Content Security Policy (S4): a blocked
    script or style would mean a broken feature in production."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    violations = []
    tab.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    yield tab
    context.close()
    assert violations == []


@pytest.fixture
def axe_source():
    if not AXE.exists():
        pytest.fail(f"axe-core not found at {AXE}: run `make test`, which runs npm ci.")
    return AXE.read_text(encoding="utf-8")
