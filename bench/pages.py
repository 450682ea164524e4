#!/usr/bin/env python
"""Page speed benchmark (issue 14): every public page type against a bare view, on one server.

One gunicorn server with production settings (bench/settings.py: production plus a bare
`HttpResponse("ok")` view at /bench/bare/ through the same middleware), a fresh SQLite database
with the seed content and the database cache tables (production's shared cache without Redis).
For each page type, ApacheBench (Debian's `apache2-utils`) measures requests/s anonymously (served
from the response cache after the first request) and signed in (always rendered), each as a ratio
to the bare view measured the same way; and one request at a time signed in, the server time of an
uncached page.

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 8] [--workers 2]

Results go to docs/benchmarks.md (section "Page speed"), with the machine's load average before
and after, since other work on the machine skews every figure alike. Loopback only.
"""

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import write_section  # noqa: E402 - needs ROOT on the path
from bench.load import manage, start_gunicorn  # noqa: E402

PREPARE = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.cached_db import SessionStore
from django.urls import reverse
from cms.models import (CaseStudyPage, LearningEventPage, PioneerProfilePage, Theme, ThemedCollectionPage,
    ToolkitPage)
from icase.community.models import Thread
from tests.icase.community.helpers import make_member, make_thread
member = make_member("bench-reader-{run}")
thread = make_thread(member, title="Bench: how did you share a discharge summary across organisations?")
session = SessionStore()
session[SESSION_KEY] = str(member.pk)
session[BACKEND_SESSION_KEY] = "icase.accounts.backends.ModelBackend"
session[HASH_SESSION_KEY] = member.get_session_auth_hash()
session.create()
print("SESSION", session.session_key)
def first(model):
    return model.objects.live().public().order_by("path").first().url
pages = [
    ("home", "/"),
    ("case study", first(CaseStudyPage)),
    ("case study listing", "/case-studies/"),
    ("pioneer", first(PioneerProfilePage)),
    ("toolkit", first(ToolkitPage)),
    ("event", first(LearningEventPage)),
    ("theme", "/themes/%s/" % Theme.objects.order_by("sort_order").first().slug),
    ("collection", first(ThemedCollectionPage)),
    ("community", "/community/"),
    ("community category", reverse("community:category", args=["informatics-network"])),
    ("community thread", thread.get_absolute_url()),
    ("search (database backend)", "/search/?q=capitation"),
]
for name, url in pages:
    print("PAGE", url, name)
"""


def ab(url, requests, concurrency, cookie=None):
    """(requests/s, mean ms per request, non-2xx responses) from one ApacheBench run."""
    command = ["ab", "-q", "-n", str(requests), "-c", str(concurrency), "-H", "User-Agent: Mozilla/5.0 bench"]
    if cookie:
        command += ["-C", cookie]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests per second:\s+([\d.]+)", output).group(1))
    mean = float(re.search(r"Time per request:\s+([\d.]+) \[ms\] \(mean\)", output).group(1))
    failed = re.search(r"Non-2xx responses:\s+(\d+)", output)
    return rate, mean, int(failed.group(1)) if failed else 0


def cache_status(url):
    """What the response cache said about an anonymous request: "hit" once the page is stored."""
    request = urllib.request.Request(url, headers={"User-Agent": "Mozilla/5.0 bench"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("X-Cache", "not cached")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("ab"):
        sys.exit("ApacheBench is missing: apt-get install -y apache2-utils")

    workdir = Path(tempfile.mkdtemp(prefix="icase-pages-"))
    env = {
        **{key: value for key, value in os.environ.items() if key not in {"ELASTICSEARCH_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{workdir / 'pages.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(workdir / "media"),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    for command in (["migrate", "--noinput"], ["createcachetable"], ["collectstatic", "--noinput"]):
        manage(env, *command)
    manage(env, "load_initial_data")
    prepared = manage(env, "shell", "-c", PREPARE.format(run=secrets.token_hex(3))).stdout
    cookie = "sessionid=" + re.search(r"^SESSION (\S+)$", prepared, re.M).group(1)
    pages = re.findall(r"^PAGE (\S+) (.+)$", prepared, re.M)

    load_before = os.getloadavg()
    server, base = start_gunicorn(env, args.workers)
    rows = []
    try:
        bare_anonymous = ab(base + "/bench/bare/", args.requests, args.concurrency)
        bare_member = ab(base + "/bench/bare/", args.requests, args.concurrency, cookie)
        rows.append(
            ('bare view (`HttpResponse("ok")`)', "/bench/bare/", bare_anonymous, bare_member, None, "–")
        )
        for url, name in pages:
            ab(base + url, args.concurrency, args.concurrency)  # the first, rendering request
            source = cache_status(base + url)
            anonymous = ab(base + url, args.requests, args.concurrency)
            member = ab(base + url, args.requests // 2, args.concurrency, cookie)
            alone = ab(base + url, 30, 1, cookie)
            rows.append((name, url, anonymous, member, alone, source))
            print(
                name,
                f"{anonymous[0]:.0f} req/s anonymous, {member[0]:.0f} signed in, {alone[1]:.1f} ms alone",
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    write_report(rows, args, load_before, os.getloadavg(), bare_anonymous[0], bare_member[0])


def write_report(rows, args, load_before, load_after, bare_anonymous, bare_member):
    lines = [
        "## Page speed",
        "",
        f"Command: `.venv/bin/python bench/pages.py --requests {args.requests} --concurrency "
        f"{args.concurrency} --workers {args.workers}` (run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC). One "
        f"gunicorn server, {args.workers} workers, production settings (`bench/settings.py` adds the bare "
        "view), SQLite with the seed content, the database cache tables as the shared cache (no Redis), "
        f"database search; ApacheBench at concurrency {args.concurrency} on loopback, every URL on the same "
        f"server. Machine load average (1, 5, 15 min): {' / '.join(f'{x:.2f}' for x in load_before)} before, "
        f"{' / '.join(f'{x:.2f}' for x in load_after)} after, on a shared 2-core machine where other "
        "work was running: the ratios to the bare view, measured in the same run, matter more than the "
        "absolute figures.",
        "",
        "Anonymous requests after the first are served from the response cache; signed-in requests "
        'always render. "Alone" is the mean time of one signed-in request at a time (uncached).',
        "",
        "| page | anonymous req/s | ratio to bare | X-Cache | signed in req/s | ratio to bare | alone, ms "
        "| non-2xx |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, _url, anonymous, member, alone, source in rows:
        lines.append(
            f"| {name} | {anonymous[0]:.0f} | {anonymous[0] / bare_anonymous:.2f} | {source} | "
            f"{member[0]:.0f} | {member[0] / bare_member:.2f} | {f'{alone[1]:.1f}' if alone else '–'} | "
            f"{anonymous[2] + member[2] + (alone[2] if alone else 0)} |"
        )
    section = "\n".join(lines) + "\n"
    write_section("## Page speed", section)
    print(section)


if __name__ == "__main__":
    main()
