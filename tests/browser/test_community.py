"""Community pages in a real browser: zero axe-core violations in every state, and the whole
journey from sign-up to a reply notification, with the moderation a new member's post goes through."""

import re
import time
from pathlib import Path

import pytest

from tests.icase.community.helpers import PASSWORD

from .accounts import sign_in
from .community_content import MEMBER, MODERATOR, THREAD_TITLE
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

ANONYMOUS_PAGES = [
    "/community/",
    "/community/c/informatics-network/",
    "/community/c/integrated-care-payment-forum/",
    "/pioneers/kent/kent-proactive-reablement/",
]
MEMBER_PAGES = [
    "/community/c/integrated-care-payment-forum/",
    "/community/new/",
    "/community/new/?ask={pioneer}&page={case_study}",
    "/notifications/",
    "/members/",
    "/members/?theme=information-governance&experts=1",
    "/members/priya/",
    "/accounts/profile/",
    "/members/?q=priya",
    "/community/yours/",
    "/your-stories/",
    "/share-your-story/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/sessions/",
    "/accounts/2fa/",
]
MODERATOR_PAGES = ["/community/moderation/", "/community/moderation/log/"]


def thread_url(tab, base_url):
    tab.goto(base_url + "/community/c/informatics-network/")
    tab.get_by_role("link", name=THREAD_TITLE).click()
    return tab.url


def test_community_pages_have_no_axe_violations_anonymously(live_site, page, axe_source):
    for url in ANONYMOUS_PAGES + [thread_url(page, live_site).removeprefix(live_site)]:
        response = page.goto(live_site + url)
        assert response.status == 200, url
        assert axe_violations(page, axe_source) == [], url


def test_community_pages_have_no_axe_violations_for_members(live_site, browser, axe_source):
    context, tab = sign_in(browser, live_site, MEMBER)
    tab.goto(live_site + "/pioneers/kent/kent-proactive-reablement/")
    ask = tab.get_by_role("link", name=re.compile("Ask the pioneer")).first.get_attribute("href")
    urls = [url.format(pioneer=0, case_study=0) for url in MEMBER_PAGES if "{" not in url] + [ask]
    urls.append(thread_url(tab, live_site).removeprefix(live_site))
    for url in urls:
        response = tab.goto(live_site + url)
        assert response.status == 200, url
        assert axe_violations(tab, axe_source) == [], url
    # A form with errors keeps its values and stays accessible.
    tab.goto(live_site + "/community/new/")
    tab.get_by_label("Title").fill("Short")
    tab.get_by_label("Your message").fill("Typed text stays put")
    tab.get_by_role("button", name="Post discussion").click()
    assert tab.get_by_text("There is a problem").is_visible()
    assert tab.get_by_label("Your message").input_value() == "Typed text stays put"
    assert axe_violations(tab, axe_source) == []
    # Preview shows the post as it will look, keeps the form and saves nothing.
    tab.get_by_label("Title").fill("Previewing a question about shared records")
    tab.get_by_label("Your message").fill("Has anyone used **one record** across health and care?")
    tab.get_by_role("button", name="Preview").click()
    assert tab.locator(".icase-post-preview strong").inner_text() == "one record"
    assert tab.get_by_label("Title").input_value() == "Previewing a question about shared records"
    assert axe_violations(tab, axe_source) == []
    # The story form with every mistake at once, and its live character count.
    tab.goto(live_site + "/share-your-story/")
    tab.get_by_label("Summary").fill("Night sitters and district nurses")
    count = tab.locator("#id_summary").locator("xpath=..").locator(".nhsuk-character-count__status")
    count.filter(has_text="You have 367 characters remaining").wait_for()
    tab.get_by_role("button", name="Send your story").click()
    assert tab.get_by_text("There is a problem").is_visible()
    assert tab.get_by_role("link", name="Enter a title").is_visible()
    assert tab.get_by_label("Summary").input_value() == "Night sitters and district nurses"
    assert axe_violations(tab, axe_source) == []
    # The report form.
    tab.goto(live_site + thread_url(tab, live_site).removeprefix(live_site))
    tab.get_by_role("link", name="Report this post").first.click()
    assert axe_violations(tab, axe_source) == []
    context.close()


def test_moderator_pages_have_no_axe_violations(live_site, browser, axe_source):
    context, tab = sign_in(browser, live_site, MODERATOR)
    for url in MODERATOR_PAGES + [thread_url(tab, live_site).removeprefix(live_site), "/members/priya/"]:
        response = tab.goto(live_site + url)
        assert response.status == 200, url
        assert axe_violations(tab, axe_source) == [], url
    context.close()


def latest_mail(mail_dir, to, after):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        messages = [
            path
            for path in sorted(Path(mail_dir).glob("*.log"), key=lambda p: p.stat().st_mtime)
            if path.stat().st_mtime >= after and f"To: {to}" in path.read_text()
        ]
        if messages:
            return messages[-1].read_text()
        time.sleep(0.2)
    raise AssertionError(f"No email to {to}")


def test_sign_up_verify_post_reply_and_get_notified(live_site, site_database, browser):
    workdir, _ = site_database
    mail_dir = workdir / "mail"
    started = time.time() - 1
    email = "new.member@example.org"

    newcomer = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = newcomer.new_page()
    tab.goto(live_site + "/accounts/signup/")
    tab.get_by_label("Your name").fill("Nia Newman")
    tab.get_by_label("Email").fill(email)
    tab.locator("#id_password1").fill(PASSWORD)
    tab.locator("#id_password2").fill(PASSWORD)
    tab.get_by_role("button", name="Create account").click()
    assert "confirm your email address" in tab.content().lower()

    message = latest_mail(mail_dir, email, started)
    # Emails link to the configured site address (icase.links), not this test server's port.
    path = re.search(r"http://\S+?(/accounts/confirm-email/\S+)", message.replace("=\n", "")).group(1)
    tab.goto(live_site + path)
    tab.get_by_role("button", name="Confirm").click()
    tab.goto(live_site + "/accounts/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password", exact=True).fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_load_state()

    tab.goto(live_site + "/community/new/")
    tab.get_by_label("Where should it go?").select_option(label="Workforce transformation")
    title = "Rotating therapists between hospital and community teams"
    tab.get_by_label("Title").fill(title)
    tab.get_by_label("Your message").fill(
        "Has anyone set up **joint rotations** for occupational therapists?"
    )
    tab.get_by_role("button", name="Post discussion").click()
    assert tab.get_by_text("Waiting for review", exact=True).first.is_visible()
    new_thread_url = tab.url

    moderator_context, moderator = sign_in(browser, live_site, MODERATOR)
    moderator.goto(live_site + "/community/moderation/")
    moderator.get_by_role("button", name=re.compile(r"^Approve post by Nia Newman")).click()
    moderator_context.close()

    member_context, member = sign_in(browser, live_site, MEMBER)
    member.goto(new_thread_url)
    assert member.get_by_role("heading", name=title).is_visible()
    member.get_by_label("Your reply").fill(
        "Kent rotates band 6 therapists every six months; happy to share the job plan."
    )
    member.get_by_role("button", name="Post reply").click()
    assert member.get_by_text("Kent rotates band 6 therapists").is_visible()
    member_context.close()

    tab.goto(live_site + "/notifications/")
    notification = tab.get_by_role("link", name=re.compile(f"Priya Shah replied to “{title}”"))
    assert notification.is_visible()
    assert "Notifications" in tab.get_by_role("navigation", name="Account").inner_text()
    notification.click()
    assert tab.get_by_text("Kent rotates band 6 therapists").is_visible()
    assert f"Priya Shah replied to “{title}”" in latest_mail(mail_dir, email, started)
    newcomer.close()


def test_signed_in_pages_fit_a_small_screen(live_site, browser, axe_source):
    context, tab = sign_in(browser, live_site, MEMBER)
    tab.set_viewport_size({"width": 320, "height": 800})
    for url in ("/community/", thread_url(tab, live_site).removeprefix(live_site), "/notifications/"):
        tab.goto(live_site + url)
        assert axe_violations(tab, axe_source) == [], url
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways at 320px"
    context.close()


@pytest.mark.parametrize(
    ("url", "parent"),
    [
        ("/community/c/informatics-network/", "Community"),
        ("/progress/barnsley/", "Pioneer progress"),
        ("/outcomes/", "Case studies"),
        ("/pioneers/kent/kent-proactive-reablement/", "Kent"),
    ],
)
def test_a_phone_shows_a_way_back_up_from_every_page(live_site, page, url, parent):
    """Below tablet size NHS.UK hides the breadcrumb trail: a back link to the parent stays, on
    Wagtail's pages (their template writes one) and on the hand-written trails alike."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_site + url)
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    visible = [link for link in breadcrumb.get_by_role("link").all() if link.is_visible()]
    assert [link.inner_text().replace("Back to", "").strip() for link in visible] == [parent], url


def test_reply_by_keyboard_alone(live_site, browser):
    context, tab = sign_in(browser, live_site, MEMBER)
    tab.goto(thread_url(tab, live_site))
    for _ in range(200):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "id_body":
            break
    else:
        raise AssertionError("the reply box cannot be reached by keyboard")
    tab.keyboard.type("Replying with the keyboard only: we used the same data flow map.")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.textContent.trim()") == "Post reply"
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.get_by_text("Replying with the keyboard only").is_visible(), tab.content()[-3000:]
    context.close()
