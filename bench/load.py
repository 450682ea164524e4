#!/usr/bin/env python
"""Load benchmark (security.md R6): ICASE under gunicorn with production settings on loopback.

Measures requests/s and p50/p95/p99 for a case study page, a discussion thread page, search with
Elasticsearch up and with it down, and posting replies concurrently; counts 5xx responses and
checks that every accepted post is in the database (no lost posts).

    .venv/bin/python bench/load.py [--database-url postgres://icase:icase@127.0.0.1:5432/icase_load]
                                   [--requests 300] [--concurrency 8] [--workers 3]

Without --database-url it uses a fresh SQLite file (production runs PostgreSQL: prefer that).
Elasticsearch comes from ELASTICSEARCH_URL or a local node (search/elasticsearch/runner.py).
Results go to docs/benchmarks.md (section "Load"). Loopback only; bounded requests.
"""

import argparse
import http.cookiejar
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import elasticsearch, percentile, write_section  # noqa: E402 - needs ROOT on the path

PYTHON = sys.executable
POSTERS = 40
POSTS_EACH = 5  # the community posting limit is 5 per 10 minutes per member
RUN = secrets.token_hex(3)  # usernames stay unique when a database is reused
PREPARE = """
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from tests.icase.community.helpers import make_member, make_thread
author = make_member("load-author-{run}")
thread = make_thread(author, title="Load test: sharing a discharge summary across organisations")
for n in range({posters}):
    user = make_member(f"load-poster-{run}-{{n}}")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "icase.accounts.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print("SESSION", session.session_key)
print("THREAD", thread.pk, thread.get_absolute_url())
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True, **kwargs
    )


def start_gunicorn(env, workers):
    port = free_port()
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "icase.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            return server, base
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url, data=None, headers=None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return (time.perf_counter() - started) * 1000, status


def run_gets(url, requests, concurrency):
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(lambda _: fetch(url), range(concurrency)))  # warm up
        started = time.perf_counter()
        results = list(pool.map(lambda _: fetch(url), range(requests)))
        elapsed = time.perf_counter() - started
    return results, elapsed


def run_posts(base, thread_url, thread_id, sessions, concurrency):
    """Every member replies POSTS_EACH times, all at once; returns results and accepted count."""

    def prepare(session):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        opener.addheaders = [("Cookie", f"sessionid={session}")]
        page = opener.open(base + thread_url, timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        csrf_cookie = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
        return session, token, csrf_cookie

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        credentials = list(pool.map(prepare, sessions))
    jobs = [(credential, n) for credential in credentials for n in range(POSTS_EACH)]

    def post(job):
        (session, token, csrf_cookie), n = job
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "body": f"Load reply {n} from session {session[:8]}: {secrets.token_hex(4)}",
            }
        ).encode()
        headers = {
            "Cookie": f"sessionid={session}; csrftoken={csrf_cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": base + thread_url,
        }
        return fetch(f"{base}/community/reply/{thread_id}/", data=body, headers=headers)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        started = time.perf_counter()
        results = list(pool.map(post, jobs))
        elapsed = time.perf_counter() - started
    return results, elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    es_url, node = elasticsearch()
    workdir = Path(tempfile.mkdtemp(prefix="icase-load-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "icase.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'load.sqlite3'}",
        "ELASTICSEARCH_URL": es_url,
        "ELASTICSEARCH_INDEX_ALIAS": f"icase-load-{secrets.token_hex(4)}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(workdir / "media"),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    rows = []
    servers = []
    try:
        for command in (
            ["migrate", "--noinput"],
            ["createcachetable"],
            ["collectstatic", "--noinput"],
            ["load_initial_data"],
            ["search_index", "rebuild"],
        ):
            manage(env, *command)
        prepared = manage(env, "shell", "-c", PREPARE.format(posters=POSTERS, run=RUN)).stdout
        sessions = re.findall(r"^SESSION (\S+)$", prepared, re.M)
        thread_id, thread_url = re.search(r"^THREAD (\d+) (\S+)$", prepared, re.M).groups()

        server, base = start_gunicorn(env, args.workers)
        servers.append(server)
        scenarios = [
            ("case study page", "/pioneers/kent/kent-proactive-reablement/"),
            ("discussion thread page", thread_url),
            ("search, Elasticsearch up", "/search/?q=virtual+ward&type=case-study"),
        ]
        for name, path in scenarios:
            results, elapsed = run_gets(base + path, args.requests, args.concurrency)
            rows.append((name, results, elapsed))
            print(name, f"{len(results) / elapsed:.1f} req/s")
        results, elapsed = run_posts(base, thread_url, thread_id, sessions, args.concurrency)
        accepted = sum(1 for _, status in results if status == 302)
        rows.append(("posting replies", results, elapsed))
        count_code = (
            "from icase.community.models import Post;"
            f"print(Post.objects.filter(thread_id={thread_id}, raw__startswith='Load reply').count())"
        )
        stored = int(manage(env, "shell", "-c", count_code).stdout.strip().splitlines()[-1])

        degraded_env = {**env, "ELASTICSEARCH_URL": "http://127.0.0.1:9"}
        degraded, degraded_base = start_gunicorn(degraded_env, args.workers)
        servers.append(degraded)
        results, elapsed = run_gets(
            degraded_base + "/search/?q=virtual+ward", args.requests, args.concurrency
        )
        rows.append(("search, Elasticsearch down", results, elapsed))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        if node:
            node.stop()
    write_report(rows, args, accepted, stored, bool(args.database_url))


def write_report(rows, args, accepted, stored, postgres):
    lines = [
        "## Load",
        "",
        f"Command: `.venv/bin/python bench/load.py{' --database-url postgres://…' if postgres else ''} "
        f"--requests {args.requests} --concurrency {args.concurrency} --workers {args.workers}` "
        f"(run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; gunicorn with production settings, DEBUG off, "
        f"{'PostgreSQL 15' if postgres else 'SQLite'}, Elasticsearch 8, one 2-core machine, loopback).",
        "",
        "| scenario | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, results, elapsed in rows:
        times = [t for t, _ in results]
        errors = sum(1 for _, status in results if status >= 500)
        lines.append(
            f"| {name} | {len(results)} | {len(results) / elapsed:.1f} | {statistics.median(times):.0f} | "
            f"{percentile(times, 95):.0f} | {percentile(times, 99):.0f} | {errors} |"
        )
    lines += [
        "",
        f"Posting: {POSTERS} members each sent {POSTS_EACH} replies to one thread at concurrency "
        f"{args.concurrency}; {accepted} were accepted (redirect to the new post) and {stored} are in the "
        f"database: {'no post lost' if accepted == stored else 'MISMATCH'}.",
    ]
    section = "\n".join(lines) + "\n"
    write_section("## Load", section)
    print(section)


if __name__ == "__main__":
    main()
