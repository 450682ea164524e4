"""Saved-search alerts end to end in a real browser: a member saves the search "reablement" with
the Kent filter, a programme editor publishes a matching and a non-matching case study in the
admin, the member's daily digest holds exactly the matching one, once, and its one-click
unsubscribe link works without signing in. Also: the pages added are accessible."""

import email
import re
import subprocess
import sys
from email import policy
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .accounts import sign_in
from .community_content import MEMBER, PROGRAMME_EDITOR
from .conftest import ROOT
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

MATCHING = "Reablement at home for people leaving hospital in Kent"
NOT_MATCHING = "Shared care records across Kent services"
DRAFTS = f"""
from cms.models import PioneerProfilePage
from tests.cms.factories import CaseStudyPageFactory
kent = PioneerProfilePage.objects.get(slug="kent")
for title, summary in [
    ({MATCHING!r}, "A reablement service helping people regain independence at home."),
    ({NOT_MATCHING!r}, "Records shared between the council and the trust."),
]:
    page = CaseStudyPageFactory(parent=kent, title=title, summary=summary, live=False)
    page.save_revision()
    print(f"DRAFT {{page.pk}}")
"""


def manage(env, *command):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    ).stdout.decode()


def emails_to(mail_dir, address):
    found = []
    for path in sorted(Path(mail_dir).glob("*.log")):
        for chunk in path.read_text().split("-" * 79):
            if f"To: {address}" in chunk:
                found.append(email.message_from_string(chunk.strip(), policy=policy.default))
    return found


def body_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_saved_search_digest_and_one_click_unsubscribe(live_site, site_database, browser, axe_source):
    from playwright.sync_api import expect

    workdir, env = site_database
    mail_dir = workdir / "mail"
    draft_ids = re.findall(r"DRAFT (\d+)", manage(env, "shell", "-c", DRAFTS))
    assert len(draft_ids) == 2

    member_context, member = sign_in(browser, live_site, MEMBER)
    member.goto(live_site + "/search/?q=reablement&pioneer=kent")
    member.get_by_role("button", name=re.compile("Get emails about this")).click()
    member.wait_for_load_state()
    expect(member.get_by_role("status").filter(has_text="You get a daily digest email about")).to_be_visible()
    member.goto(live_site + "/subscriptions/")
    expect(member.get_by_role("heading", name="“reablement” · Pioneer: Kent")).to_be_visible()
    assert axe_violations(member, axe_source) == []
    member_context.close()

    editor_context, editor = sign_in(browser, live_site, PROGRAMME_EDITOR, two_factor=True)
    approve = "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    for page_id in draft_ids:  # pioneer content goes through Programme review: submit, then approve
        edit_url = urljoin(live_site + "/", f"/admin/pages/{page_id}/edit/")
        editor.goto(edit_url)
        with editor.expect_navigation():
            editor.locator("button[name='action-submit']").dispatch_event("click")
        editor.goto(edit_url)
        with editor.expect_navigation():
            editor.locator(approve).first.dispatch_event("click")
    for title in (MATCHING, NOT_MATCHING):
        public = browser.new_context().new_page()
        public.goto(live_site + "/case-studies/?pioneer=kent")
        expect(public.get_by_text(title).first).to_be_visible()
        public.context.close()
    editor_context.close()

    manage(env, "send_subscription_digests")
    digests = [m for m in emails_to(mail_dir, "priya@example.org") if "for what you follow" in m["Subject"]]
    assert len(digests) == 1, [m["Subject"] for m in digests]
    digest = digests[0]
    text = body_of(digest)
    assert text.count(MATCHING) == 1
    assert NOT_MATCHING not in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    link = re.search(r"Stop emails about this: (\S+)", text).group(1)
    anonymous = browser.new_context(viewport={"width": 375, "height": 800}).new_page()
    anonymous.goto(link.replace("http://127.0.0.1:8000", live_site))
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("Stop these emails")
    assert axe_violations(anonymous, axe_source) == []
    anonymous.get_by_role("button", name="Unsubscribe").click()
    expect(anonymous.get_by_role("heading", level=1)).to_have_text("You have unsubscribed")
    expect(anonymous.get_by_text("“reablement” · Pioneer: Kent")).to_be_visible()
    assert axe_violations(anonymous, axe_source) == []
    anonymous.context.close()
