"""The admin's preview and Checks side panels in a real browser: a programme editor opens a case
study in the editor, the preview panel frames the page (its title, and an unsaved change to it),
and the Checks panel, which reads the framed preview, reports a word count and its accessibility
checks. No Content Security Policy violation on the way, in the editor or in the frame."""

import json
import re
import subprocess
import sys

import pytest

from . import accounts
from .conftest import ROOT

pytestmark = pytest.mark.browser
EDITOR = "preview-editor@example.org"
SECRET = "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U"
CASE_STUDY = "leeds-neighbourhood-teams"


def create_editor():
    """Run on the test site's database (`manage.py shell`): a programme editor of this test's own,
    so its two-factor codes never collide with another test's sign-in in the same 30 seconds."""
    from allauth.mfa.totp.internal.auth import TOTP

    from cms.models import CaseStudyPage
    from cms.roles import make_programme_editor
    from tests.icase.community.helpers import make_member

    user = make_member("preview-editor")
    make_programme_editor(user)
    TOTP.activate(user, SECRET)
    page = CaseStudyPage.objects.live().get(slug=CASE_STUDY)
    print(json.dumps({"id": page.pk, "title": page.title}))


@pytest.fixture(scope="module")
def case_study(site_database):
    _, env = site_database
    code = "from tests.browser.test_preview import create_editor; create_editor()"
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def sign_in(browser, base_url):
    """The test's programme editor, signed in, on a tab that records any CSP violation."""
    context, tab = accounts.sign_in(
        browser, base_url, EDITOR, two_factor=True, secret=SECRET, viewport={"width": 1440, "height": 900}
    )
    violations = []
    tab.on(
        "console",
        lambda message: "Content Security Policy" in message.text and violations.append(message.text),
    )
    return context, tab, violations


def test_the_preview_and_checks_panels_show_the_page(live_site, browser, case_study):
    from playwright.sync_api import expect

    context, tab, violations = sign_in(browser, live_site)
    # Wagtail notes the form's starting state a moment after the editor loads (and again after the
    # first preview renders), and only compares the form with it from then on: an edit typed before
    # the last snapshot becomes the starting state and is never previewed. The test types once
    # Wagtail's "watching edits" events have been quiet for a second and a half, as a person would.
    tab.add_init_script(
        "document.addEventListener('w-unsaved:watch-edits',"
        " () => { window.icaseWatchedAt = performance.now(); });"
    )
    tab.goto(f"{live_site}/admin/pages/{case_study['id']}/edit/")
    expect(tab.locator("#id_title")).to_have_value(case_study["title"])

    tab.get_by_role("button", name="Toggle preview").click()
    preview = tab.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(case_study["title"], timeout=20_000)

    tab.wait_for_function("() => window.icaseWatchedAt && performance.now() - window.icaseWatchedAt > 1500")
    changed = "Leeds neighbourhood teams, as the preview shows them"
    tab.locator("#id_title").fill(changed)
    expect(preview.get_by_role("heading", level=1)).to_have_text(changed, timeout=20_000)

    # Wagtail runs axe in the framed preview first, then counts its words: a word count means both ran.
    tab.get_by_role("button", name="Toggle checks").click()
    words = tab.locator("[data-content-word-count]")
    expect(words).to_have_text(re.compile(r"^[1-9][\d,]*$"), timeout=30_000)
    expect(tab.locator("[data-content-readability-score]")).not_to_have_text("-")

    context.close()
    assert violations == []
