"""The barriers register's "done when" walk in a real browser on a real server: a Kent editor
raises a national information governance barrier, a programme editor escalates it to a partner,
Greenwich says it affects them too (with JavaScript off), a progress update marks it at risk, it
is resolved in part with an explanation, and its approved public summary is found by anonymous
search while the full record is not. Every page on the way is checked with axe."""

import subprocess
import sys
import time

import pytest

from tests.icase.community.helpers import PASSWORD

from .accounts import sign_in
from .community_content import PIONEER_EDITOR, PROGRAMME_EDITOR
from .conftest import ROOT
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

PRIVATE_TITLE = "Kent cannot link GP and social care records for risk profiling"
PUBLIC_TITLE = "Linking health and care records to profile population needs"
EVIDENCE_TITLE = "Greenwich information governance advice"
GREENWICH_MEMBER = "greenwich-member@example.org"
IG_EXPERT = "ig-expert@example.org"


@pytest.fixture(scope="module")
def greenwich_member(site_database):
    """A member whose profile says they work in Greenwich, made in the test server's database."""
    _workdir, env = site_database
    code = (
        "from cms.models import PioneerProfilePage; "
        "from tests.icase.community.helpers import make_member; "
        "make_member('greenwich-member', display_name='Gita Greenwich', "
        "pioneer=PioneerProfilePage.objects.get(slug='greenwich')); "
        "from cms.models import Theme; "
        "make_member('ig-expert', display_name='Indra Expert').profile.expert_themes.add("
        "Theme.objects.get(slug='information-governance'))"
    )
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code], cwd=ROOT, env=env, check=True
    )
    return GREENWICH_MEMBER


def check(tab, axe_source):
    """axe runs through page scripts, so only in contexts with JavaScript on."""
    assert axe_violations(tab, axe_source) == [], tab.url


def change_status(tab, status, reason, partner=None):
    tab.get_by_label("New status").select_option(label=status)
    tab.get_by_label("Reason").fill(reason)
    if partner:
        tab.get_by_label("Escalated to (optional)").select_option(label=partner)
    tab.get_by_role("button", name="Change status").click()
    tab.wait_for_load_state()
    assert "Status changed." in tab.content(), tab.content()[:3000]


def search_titles(tab, base_url, query):
    tab.goto(f"{base_url}/search/?q={query}")
    return tab.locator("main h2, main h3").all_inner_texts()


def test_a_barrier_from_kent_to_resolved_in_part_and_public_search(
    live_site, browser, axe_source, greenwich_member
):
    kent_context, kent = sign_in(browser, live_site, PIONEER_EDITOR, two_factor=True)
    kent.goto(live_site + "/barriers/raise/")
    check(kent, axe_source)
    kent.get_by_role("button", name="Raise barrier").click()
    assert "There is a problem" in kent.content()
    check(kent, axe_source)
    kent.get_by_label("Title", exact=True).fill(PRIVATE_TITLE)
    kent.get_by_label("What gets in the way").fill("Our risk tool needs identifiable GP and council data.")
    kent.get_by_label("Its effect on people").fill("People at risk are found after a crisis, not before.")
    kent.get_by_label("National", exact=True).check()
    kent.get_by_label("Enabler theme").select_option(label="Information governance and informatics (IG)")
    kent.get_by_label("The rule, body or system involved").fill("Legal basis for linking data")
    kent.get_by_label("National partner best placed to act").select_option(label="Department of Health (DH)")
    kent.get_by_role("button", name="Raise barrier").click()
    kent.wait_for_load_state()
    assert PRIVATE_TITLE in kent.locator("h1").inner_text()
    barrier_url = kent.url
    kent.locator("summary", has_text="public summary").click()
    kent.get_by_label("Public title").fill(PUBLIC_TITLE)
    kent.get_by_label("Public summary").fill(
        "Pioneers need a clear legal basis to link records for planning."
    )
    kent.get_by_role("button", name="Mark ready to publish").click()
    check(kent, axe_source)

    programme_context, programme = sign_in(browser, live_site, PROGRAMME_EDITOR, two_factor=True)
    programme.goto(barrier_url)
    change_status(programme, "Under review", "Reviewed at the programme board")
    change_status(programme, "Escalated to a partner", "Needs a national answer", partner="NHS England")
    check(programme, axe_source)

    greenwich_context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 800})
    greenwich = greenwich_context.new_page()
    greenwich.goto(live_site + "/accounts/login/")
    greenwich.get_by_label("Email").fill(greenwich_member)
    greenwich.get_by_label("Password", exact=True).fill(PASSWORD)
    greenwich.get_by_role("button", name="Sign in").click()
    greenwich.goto(barrier_url)
    greenwich.get_by_label("How it affects you").fill("Our integrated care record meets the same rule.")
    greenwich.get_by_role("button", name="This affects us too").click()
    assert "Pioneers affected (2)" in greenwich.content()
    assert "Greenwich: Our integrated care record meets the same rule." in greenwich.content()
    greenwich.get_by_role("link", name="Add a document").click()
    greenwich.get_by_label("What the document is").fill(EVIDENCE_TITLE)
    greenwich.get_by_label("The document", exact=True).set_input_files(
        files=[{"name": "ig-advice.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.7 advice"}]
    )
    greenwich.get_by_role("button", name="Add document").click()
    assert EVIDENCE_TITLE in greenwich.locator("dl.icase-evidence-documents").inner_text()
    with greenwich.expect_download() as download:
        greenwich.get_by_role("link", name=EVIDENCE_TITLE, exact=True).click()
    assert download.value.suggested_filename == "ig-advice.pdf"
    greenwich_context.close()

    kent.goto(barrier_url)
    kent.get_by_label("At risk").check()
    kent.get_by_label("What has happened since the last update").fill("National guidance is delayed.")
    kent.get_by_role("button", name="Add progress update").click()
    assert "Delivery confidence: at risk" in kent.content()

    programme.goto(barrier_url)
    change_status(programme, "Being resolved", "The partner is drafting guidance")
    change_status(programme, "Resolved in part", "Direct care is clarified; population profiling is not.")
    programme.get_by_role("button", name="Approve and publish the summary").click()
    history = programme.locator("table").inner_text()
    for line in ("Raised", "Raised to under review", "Being resolved to resolved in part", "Progress update"):
        assert line in history
    check(programme, axe_source)
    kent_context.close()
    programme_context.close()

    visitor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = visitor_context.new_page()
    deadline = time.monotonic() + 15
    while PUBLIC_TITLE not in " ".join(search_titles(visitor, live_site, "linking records population needs")):
        assert time.monotonic() < deadline, "the approved summary never reached search"
        time.sleep(0.5)
    assert PRIVATE_TITLE not in visitor.content()
    assert PRIVATE_TITLE not in " ".join(
        search_titles(visitor, live_site, "Kent GP social care risk profiling")
    )
    visitor.goto(barrier_url)
    assert PUBLIC_TITLE in visitor.locator("h1").inner_text()
    assert PRIVATE_TITLE not in visitor.content() and "Greenwich" not in visitor.content()
    assert EVIDENCE_TITLE not in visitor.content()
    check(visitor, axe_source)
    visitor_context.close()


def test_a_quarterly_progress_report_through_review_to_the_timeline_and_matrix(
    live_site, browser, axe_source
):
    kent_context, kent = sign_in(browser, live_site, PIONEER_EDITOR, two_factor=True)
    kent.goto(live_site + "/progress/kent/")
    kent.get_by_label("Objective").fill("Everyone with a care plan has one shared record")
    kent.get_by_label("Enabler theme").select_option(label="Information governance and informatics (IG)")
    kent.get_by_role("button", name="Add objective").click()
    kent.get_by_role("link", name="Submit a quarterly report").click()
    check(kent, axe_source)
    kent.get_by_label("Amber: some problems").check()
    kent.get_by_label("Progress this quarter").fill("Two of three localities share the record.")
    kent.get_by_role("button", name="Submit for review").click()
    assert "Awaiting review" in kent.content()
    report_url = kent.url
    kent_context.close()

    visitor_context = browser.new_context(viewport={"width": 375, "height": 800})
    visitor = visitor_context.new_page()
    visitor.goto(live_site + "/progress/kent/")
    assert "No approved progress report yet" in visitor.content()

    programme_context, programme = sign_in(browser, live_site, PROGRAMME_EDITOR, two_factor=True)
    programme.goto(report_url)
    programme.get_by_label("Approve and show it").check()
    programme.get_by_role("button", name="Record the review").click()
    assert "Approved" in programme.content()
    programme_context.close()

    visitor.goto(live_site + "/progress/kent/")
    assert visitor.locator("svg.icase-progress-timeline").count() == 1
    assert "Amber: some problems" in visitor.locator("table").inner_text()
    check(visitor, axe_source)
    visitor.goto(live_site + "/progress/")
    assert "Amber: some problems" in visitor.locator("table").inner_text()
    check(visitor, axe_source)
    visitor_context.close()


def sign_in_without_javascript(browser, base_url, email):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(base_url + "/accounts/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    return context, tab


def test_a_support_request_is_routed_to_the_ig_expert_answered_and_rated(
    live_site, browser, axe_source, greenwich_member
):
    asker_context, asker = sign_in_without_javascript(browser, live_site, greenwich_member)
    asker.goto(live_site + "/support/new/")
    asker.get_by_label("Topic").select_option(label="Information governance and informatics (IG)")
    asker.get_by_label("What you need").fill("How do other pioneers word a data sharing protocol?")
    asker.get_by_label("Who you are").fill("Integration lead, Greenwich")
    asker.get_by_role("button", name="Send request").click()
    assert "Request sent" in asker.content()
    request_url = asker.url

    expert_context, expert = sign_in(browser, live_site, IG_EXPERT)
    expert.goto(live_site + "/support/")
    expert.get_by_role("link", name="How do other pioneers word a data sharing protocol?").click()
    expert.get_by_role("button", name="Take this request").click()
    expert.get_by_label("Your answer").fill("Start from the informatics network's template.")
    expert.get_by_role("button", name="Send answer").click()
    assert "Answered" in expert.content()
    check(expert, axe_source)
    expert_context.close()

    asker.goto(request_url)
    assert "Start from the informatics network's template." in asker.content()
    asker.get_by_label("Very helpful", exact=True).check()
    asker.get_by_role("button", name="Send rating").click()
    assert "Very helpful" in asker.locator("dl").inner_text()
    asker_context.close()
