"""The editors' bulletin end to end in a real browser: a member asks for it on Your subscriptions,
a programme editor composes one in the admin (title, rich text, a pick chosen with the page
chooser), previews the email, sends a test to themselves and sends it; the member's mailbox has
it once, and its unsubscribe link works without signing in. The archive pages are accessible."""

import json
import re
import subprocess
import sys

import pytest

from . import accounts
from .community_content import MEMBER
from .conftest import ROOT
from .test_accessibility import axe_violations
from .test_alerts import body_of, emails_to

pytestmark = pytest.mark.browser
EDITOR = "bulletin-editor@example.org"
SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
TITLE = "Bulletin: reablement and shared records"


def create_editor():
    """Run on the test site's database (`manage.py shell`): this test's own programme editor, so
    its two-factor codes never collide with another test's sign-in, and a live case study to pick."""
    from allauth.mfa.totp.internal.auth import TOTP

    from cms.models import CaseStudyPage
    from cms.roles import make_programme_editor
    from tests.icase.community.helpers import make_member

    user = make_member("bulletin-editor")
    make_programme_editor(user)
    TOTP.activate(user, SECRET)
    page = CaseStudyPage.objects.live().public().order_by("title").first()
    print(json.dumps({"title": page.title}))


@pytest.fixture(scope="module")
def pick(site_database):
    _, env = site_database
    code = "from tests.browser.test_bulletin import create_editor; create_editor()"
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_compose_preview_test_send_and_unsubscribe(live_site, site_database, browser, axe_source, pick):
    from playwright.sync_api import expect

    workdir, _env = site_database
    mail_dir = workdir / "mail"

    member_context, member = accounts.sign_in(browser, live_site, MEMBER)
    member.goto(live_site + "/subscriptions/")
    member.get_by_role("button", name="Email me the bulletin").click()
    expect(member.get_by_role("alert")).to_contain_text("You will get the editors’ bulletin.")
    assert axe_violations(member, axe_source) == []
    member_context.close()

    context, tab = accounts.sign_in(
        browser, live_site, EDITOR, two_factor=True, secret=SECRET, viewport={"width": 1440, "height": 900}
    )
    tab.goto(live_site + "/admin/snippets/alerts/bulletin/add/")
    tab.locator("#id_title").fill(TITLE)
    intro = tab.locator("[data-contentpath='intro'] [contenteditable='true']")
    intro.click()
    intro.type("Three stories worth your time this month.")
    tab.locator("#id_picks-0-page-chooser").get_by_role("button", name=re.compile("Choose a page")).click()
    modal = tab.locator(".modal-dialog")
    modal.get_by_role("textbox", name=re.compile("Search")).fill(pick["title"][:40])
    modal.get_by_role("link", name=pick["title"]).first.click()
    expect(tab.locator("#id_picks-0-page-chooser")).to_contain_text(pick["title"])
    tab.get_by_role("button", name="Save", exact=True).click()
    expect(tab.get_by_text(re.compile("created"))).to_be_visible()
    tab.get_by_role("link", name=TITLE).first.click()
    edit_url = tab.url
    assert "/edit/" in edit_url

    tab.get_by_role("button", name="Toggle preview").click()
    preview = tab.frame_locator("#w-preview-iframe")
    expect(preview.get_by_text("Three stories worth your time this month.")).to_be_visible(timeout=20_000)
    expect(preview.get_by_text(pick["title"]).first).to_be_visible()

    tab.locator("#w-slim-header-buttons button[aria-label='Actions']").click()
    tab.get_by_role("link", name="Test and send").click()
    expect(tab.get_by_role("button", name="Send a test to me")).to_be_visible()
    tab.get_by_role("button", name="Send a test to me").click()
    expect(tab.get_by_text(f"A test was sent to {EDITOR}.")).to_be_visible()
    tab.get_by_label(re.compile("Send it to all")).check()
    tab.get_by_role("button", name="Send the bulletin").click()
    expect(tab.get_by_text("is being sent to everyone who opted in")).to_be_visible()
    context.close()

    tests = [m for m in emails_to(mail_dir, EDITOR) if m["Subject"] == f"[Test] {TITLE}"]
    assert len(tests) == 1
    received = [m for m in emails_to(mail_dir, MEMBER) if m["Subject"] == TITLE]
    assert len(received) == 1
    text = body_of(received[0])
    assert text.count(pick["title"]) == 1
    assert received[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    visitor = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    visitor.goto(live_site + "/bulletins/")
    assert axe_violations(visitor, axe_source) == []
    visitor.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.get_by_role("link", name=pick["title"])).to_be_visible()
    assert axe_violations(visitor, axe_source) == []

    link = re.search(r"Stop getting the editors' bulletin: (\S+)", text).group(1)
    visitor.goto(link.replace("http://127.0.0.1:8000", live_site))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Stop the editors’ bulletin")
    visitor.get_by_role("button", name="Unsubscribe").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
    assert axe_violations(visitor, axe_source) == []
    visitor.goto(link.replace("http://127.0.0.1:8000", live_site))
    expect(visitor.get_by_text("You are already unsubscribed")).to_be_visible()
    visitor.context.close()
