"""The NHS.UK look: body text in the NHS.UK font stack (not the browser's serif), and
nhsuk-frontend's JavaScript running (no SupportError), so the header folds its links into a
"More" menu on a phone."""

import pytest

pytestmark = pytest.mark.browser


def test_body_text_uses_the_nhs_font_stack(live_site, page):
    page.goto(live_site + "/pioneers/kent/kent-proactive-reablement/")
    family = page.evaluate("getComputedStyle(document.querySelector('main p')).fontFamily")
    assert family.startswith('"Frutiger W01"') and "Arial" in family


def test_nhsuk_frontend_starts_and_the_header_folds_on_a_phone(live_site, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    tab = context.new_page()
    messages = []
    tab.on("console", lambda message: messages.append(message.text))
    tab.goto(live_site + "/")
    tab.wait_for_selector("[data-nhsuk-header-init]", state="attached", timeout=5000)
    assert not [text for text in messages if "SupportError" in text or "NHS.UK frontend" in text]
    more = tab.locator(".nhsuk-header__menu-toggle")
    assert more.is_visible()
    context.close()
