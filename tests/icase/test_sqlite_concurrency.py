"""`make run` under ordinary editing: a real threaded server (runserver, as `make run` serves) on a
file SQLite database, with programme editors browsing the page tree and saving drafts, members
reading pages and discussions and anonymous visitors reading pages, all at once for a bounded
time. Not one answer may be a server error ("database is locked" used to be one)."""

import json
import os
import re
import secrets
import subprocess
import sys
import threading
import time
from collections import Counter
from functools import partial
from urllib.parse import urlsplit

import pytest
import requests

from tests.browser.conftest import ROOT, start_server

EDITORS = 3
MEMBERS = 3
VISITORS = 2
SECONDS = 15


def create_accounts():
    """Run with `manage.py shell` on the test site's database: editors and members, each signed
    in once (their session cookies go back as JSON), and each editor's case study form."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from django.test import Client

    from wagtail.models import Page

    from cms.models import CaseStudyPage
    from cms.roles import make_programme_editor
    from tests.cms.test_roles import edit_form
    from tests.icase.community.helpers import make_member

    def signed_in(user):
        client = Client()
        client.force_login(user)
        return client, client.cookies["sessionid"].value

    editors, members = [], []
    for number, page in enumerate(CaseStudyPage.objects.live().order_by("pk")[:EDITORS]):
        user = make_member(f"load-editor-{number}")
        make_programme_editor(user)
        TOTP.activate(user, generate_totp_secret())  # the admin requires two-factor authentication
        client, session = signed_in(user)
        form = edit_form(client, page)
        editors.append({"session": session, "page": page.pk, "parent": page.get_parent().pk, "form": form})
    for number in range(MEMBERS):
        members.append({"session": signed_in(make_member(f"load-member-{number}"))[1]})
    public = [page.url for page in Page.objects.live().public().filter(depth__gt=2).order_by("path")[:40]]
    print(json.dumps({"editors": editors, "members": members, "public": public}))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("sqlite-site")
    site_env = {
        "DJANGO_SETTINGS_MODULE": "icase.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'db.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "ELASTICSEARCH_URL": "",  # database search: this test is about the database
    }
    env = {**os.environ, **site_env}
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["load_initial_data", "-v0"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    code = "from tests.icase.test_sqlite_concurrency import create_accounts; create_accounts()"
    shell = manage + ["shell", "-v", "0", "-c", code]
    result = subprocess.run(shell, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    accounts = json.loads(result.stdout.strip().splitlines()[-1])
    base_url, server, log = start_server(workdir, env, "server")
    yield {"url": base_url, "accounts": accounts, "log": workdir / "server.log", "env": env}
    server.terminate()
    server.wait(timeout=10)
    log.close()


class Load:
    """Shared tallies: (kind, status) counts, and the first few server errors' details."""

    def __init__(self, base_url, seconds):
        self.base_url = base_url
        self.deadline = time.monotonic() + seconds
        self.counts = Counter()
        self.errors = []
        self.lock = threading.Lock()

    def running(self):
        return time.monotonic() < self.deadline

    def session(self, cookie=None):
        session = requests.Session()
        session.headers["User-Agent"] = "Mozilla/5.0 (ICASE concurrency test)"  # counted as a page view
        if cookie:
            session.cookies.set("sessionid", cookie)
        # Django accepts its CSRF secret itself as the token, so forms need no page load first.
        token = secrets.token_hex(16)
        session.cookies.set("csrftoken", token, domain=urlsplit(self.base_url).hostname)
        session.headers["X-CSRFToken"] = token
        return session

    def record(self, kind, call):
        try:
            response = call()
            status = response.status_code
        except requests.RequestException as error:
            response, status = None, f"no answer: {type(error).__name__}"
        with self.lock:
            self.counts[(kind, status)] += 1
            if (response is None or status >= 500) and len(self.errors) < 5:
                self.errors.append((kind, status, response.text[-800:] if response is not None else ""))
        return response

    def editor(self, account):
        """Browse the page tree and save drafts, alternately as the Save draft button does (a form
        post, redirected back to the editor) and as Wagtail's autosave does (JSON); and ping the
        editing session as an open editor does."""
        session = self.session(account["session"])
        edit_url = f"{self.base_url}/admin/pages/{account['page']}/edit/"
        tree_url = f"{self.base_url}/admin/pages/{account['parent']}/"
        editor_page = self.record("admin edit page", lambda: session.get(edit_url))
        ping = re.search(r'/admin/editing-sessions/ping/[^"]+/', editor_page.text if editor_page else "")
        ping_url = self.base_url + ping.group(0) if ping else None
        headers = {"Referer": edit_url}
        title = account["form"]["title"]
        number = 0
        while self.running():
            number += 1
            self.record("admin page tree", lambda: session.get(tree_url))
            form = {**account["form"], "title": f"{title} (draft {number})"}
            if number % 2:
                post = partial(session.post, edit_url, data=form, headers=headers, allow_redirects=False)
                self.record("admin draft save", post)
            else:
                autosave = {**headers, "Accept": "application/json"}
                self.record("admin autosave", partial(session.post, edit_url, data=form, headers=autosave))
            if ping_url:
                post = partial(session.post, ping_url, {"is_editing": "1"}, headers=headers)
                self.record("admin editing ping", post)

    def reader(self, public, cookie=None):
        session = self.session(cookie)
        pages = public + (["/community/", "/notifications/"] if cookie else ["/search/?q=care"])
        number = 0
        while self.running():
            url = self.base_url + pages[number % len(pages)]
            number += 1
            self.record("member GET" if cookie else "visitor GET", lambda url=url: session.get(url))


def test_editors_and_members_at_once_get_no_server_errors(site):
    accounts, server_log = site["accounts"], site["log"]
    load = Load(site["url"], SECONDS)
    workers = [threading.Thread(target=load.editor, args=(account,)) for account in accounts["editors"]]
    workers += [
        threading.Thread(target=load.reader, args=(accounts["public"], account["session"]))
        for account in accounts["members"]
    ]
    workers += [threading.Thread(target=load.reader, args=(accounts["public"],)) for _ in range(VISITORS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=SECONDS + 60)

    failures = {key: n for key, n in load.counts.items() if not isinstance(key[1], int) or key[1] >= 500}
    summary = dict(sorted(load.counts.items(), key=str))
    print("Requests:", summary)
    if failures:
        print("First server errors:", *load.errors, sep="\n")
        print("Server log (end):", server_log.read_text()[-4000:], sep="\n")
    assert failures == {}, summary
    # Every kind of request really ran, and the drafts were really saved (a redirect back to the editor).
    assert load.counts[("admin draft save", 302)] >= EDITORS, summary
    assert load.counts[("admin autosave", 200)] >= EDITORS, summary
    assert load.counts[("admin editing ping", 200)] >= EDITORS, summary
    assert load.counts[("admin page tree", 200)] >= EDITORS, summary
    assert load.counts[("member GET", 200)] > 0 and load.counts[("visitor GET", 200)] > 0, summary
    assert not [key for key in load.counts if key[0] == "admin draft save" and key[1] != 302], summary


def view_while_locked():
    """Run with `manage.py shell`: another connection holds SQLite's write lock for longer than
    this connection will wait (shortened to a second here, 20 s in the settings), and a visitor
    reads a page, which counts a view. Prints the status and whether the view was counted."""
    import sqlite3

    from django.db import connection
    from django.test import Client

    from cms.models import CaseStudyPage, PageViewCount

    connection.close()
    connection.settings_dict["OPTIONS"]["timeout"] = 1
    page = CaseStudyPage.objects.live().first()
    before = sum(PageViewCount.objects.filter(page_id=page.pk).values_list("count", flat=True))
    writer = sqlite3.connect(connection.settings_dict["NAME"])
    writer.execute("BEGIN IMMEDIATE")
    try:
        response = Client(HTTP_USER_AGENT="Mozilla/5.0").get(page.url)
    finally:
        writer.rollback()
        writer.close()
    after = sum(PageViewCount.objects.filter(page_id=page.pk).values_list("count", flat=True))
    print(json.dumps({"status": response.status_code, "counted": after - before}))


def test_a_page_view_while_the_database_is_locked_is_served_uncounted(site):
    code = "from tests.icase.test_sqlite_concurrency import view_while_locked; view_while_locked()"
    shell = [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code]
    result = subprocess.run(shell, cwd=ROOT, env=site["env"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {"status": 200, "counted": 0}
