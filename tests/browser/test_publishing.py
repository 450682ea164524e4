"""The Programme review workflow in a real browser: a pioneer editor (with two-factor sign-in)
edits and submits a case study, the live page stays as it was, a programme editor approves, and
the public page changes. Also: "Share your story" is accessible, including its error state."""

import re
import time
from urllib.parse import urljoin

import pytest

from .accounts import sign_in
from .community_content import MEMBER, PIONEER_EDITOR, PROGRAMME_EDITOR
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser
CASE_STUDY = "/pioneers/kent/kent-integrated-discharge-team/"


def test_pioneer_editor_submits_and_programme_editor_approves(live_site, browser):
    from playwright.sync_api import expect

    public = browser.new_context().new_page()
    public.goto(live_site + CASE_STUDY)
    live_title = public.get_by_role("heading", level=1).inner_text()
    new_title = "Kent's integrated discharge team, updated for 2016"

    editor_context, editor = sign_in(browser, live_site, PIONEER_EDITOR, two_factor=True)
    editor.goto(live_site + CASE_STUDY)
    edit_url = editor.locator("a[href*='/admin/pages/'][href$='/edit/']").first.get_attribute("href")
    assert edit_url, "the Wagtail user bar offers editing to the pioneer's editor"
    edit_url = urljoin(live_site + "/", edit_url)
    editor.goto(edit_url)
    editor.locator("#id_title").fill(new_title)
    assert editor.locator("button[name='action-publish']").count() == 0
    submit = editor.locator("button[name='action-submit']")
    expect(submit).to_contain_text("Submit for programme review")
    submit.dispatch_event("click")
    editor.wait_for_load_state()
    expect(editor.get_by_text(re.compile("has been submitted", re.I)).first).to_be_visible()
    editor_context.close()

    public.goto(live_site + CASE_STUDY)
    assert public.get_by_role("heading", level=1).inner_text() == live_title

    reviewer_context, reviewer = sign_in(browser, live_site, PROGRAMME_EDITOR, two_factor=True)
    reviewer.goto(edit_url)
    assert reviewer.locator("button[name='action-publish']").count() == 0  # approving publishes
    approve = reviewer.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    approve.first.dispatch_event("click")
    reviewer.wait_for_load_state()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        public.goto(live_site + CASE_STUDY)
        if public.get_by_role("heading", level=1).inner_text() == new_title:
            break
        time.sleep(0.5)
    assert public.get_by_role("heading", level=1).inner_text() == new_title
    reviewer_context.close()


def test_share_your_story_is_accessible_with_and_without_errors(live_site, browser, axe_source):
    context, tab = sign_in(browser, live_site, MEMBER)
    tab.goto(live_site + "/share-your-story/")
    assert axe_violations(tab, axe_source) == []
    tab.get_by_label("Title").fill("Short")
    tab.get_by_label("Summary").fill("Kept after the error")
    tab.get_by_role("button", name="Send your story").click()
    assert tab.get_by_text("There is a problem").is_visible()
    assert tab.get_by_label("Summary").input_value() == "Kept after the error"
    assert axe_violations(tab, axe_source) == []
    context.close()
