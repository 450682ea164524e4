"""WCAG 2.2 AA: axe-core finds no violations on any page type or state, and the main journeys work
by keyboard alone and without JavaScript."""

import pytest

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

PAGES = {
    "home": "/",
    "case study index": "/case-studies/",
    "case study index, filtered": "/case-studies/?theme=information-governance&evaluation=not-evaluated",
    "case study index, no results": "/case-studies/?theme=dementia&pioneer=kent",
    "case study index, page 2": "/case-studies/?page=2",
    "case study": "/pioneers/kent/kent-proactive-reablement/",
    "case study with I statements": "/pioneers/greenwich/greenwich-i-statements-toms-care/",
    "pioneer index": "/pioneers/",
    "pioneer index, filtered": "/pioneers/?region=london",
    "pioneer profile": "/pioneers/greenwich/",
    "pioneer profile without published population": "/pioneers/west-norfolk/",
    "toolkit index": "/toolkits/",
    "toolkit with I statements and steps": "/toolkits/i-statements-narrative/",
    "toolkit with checklist": "/toolkits/pioneer-selection-criteria-self-assessment/",
    "event index, upcoming": "/events/",
    "event index, past": "/events/?when=past",
    "event, upcoming (sample content)": "/events/sample-pioneer-assembly/",
    "event, undated (from the report)": "/events/art-of-the-possible-conference/",
    "theme index": "/themes/",
    "theme page": "/themes/information-governance/",
    "collection index": "/collections/",
    "themed collection": "/collections/sharing-information-safely/",
    "standard page": "/accessibility-statement/",
    "search form": "/search/",
    "search results": "/search/?q=capitated+budgets",
    "search results, filtered": "/search/?q=care&type=case-study&theme=avoiding-admission&sort=newest",
    "search, did you mean": "/search/?q=reablment",
    "search, browse filters only": "/search/?pioneer=kent",
    "search, no results": "/search/?q=zzzzqqq",
    "page not found": "/no-such-page/",
    "sign in": "/accounts/login/",
    "join": "/accounts/signup/",
    "reset password": "/accounts/password/reset/",
    "sign in with a code": "/accounts/login/code/",
    "contact us": "/contact/",
}


# Wagtail's userbar (shown to signed-in editors) runs its own axe check when the page loads, and axe
# allows one run at a time: wait for that run to finish rather than fail with "Axe is already running".
AXE_RUN = """async tags => {
    for (let attempt = 0; ; attempt++) {
        try {
            const only = {type: 'tag', values: tags};
            return await axe.run(document, {runOnly: only, resultTypes: ['violations']});
        } catch (error) {
            if (attempt >= 100 || !String(error).includes('already running')) throw error;
            await new Promise(resolve => setTimeout(resolve, 100));
        }
    }
}"""


def axe_violations(page, axe_source):
    # Evaluated through the DevTools protocol, which the page's Content Security Policy does not
    # govern; an injected <script> tag would be (rightly) blocked by it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source + "\n;void 0")
    result = page.evaluate(AXE_RUN, WCAG_TAGS)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(live_site, page, axe_source, name):
    response = page.goto(live_site + PAGES[name])
    assert response.status == (404 if name == "page not found" else 200)
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize("width", [320, 768])
def test_small_screens_have_no_axe_violations(live_site, browser, axe_source, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    for url in ("/", "/case-studies/?theme=avoiding-admission", "/pioneers/kent/kent-proactive-reablement/"):
        tab.goto(live_site + url)
        assert axe_violations(tab, axe_source) == [], url
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways at {width}px"
    context.close()


def focused(page):
    return page.evaluate(
        "() => { const el = document.activeElement;"
        " return {tag: el.tagName, id: el.id, text: (el.innerText || el.value || '').trim(),"
        " label: el.labels && el.labels[0] ? el.labels[0].innerText.trim() : ''}; }"
    )


def tab_to(page, predicate, limit=120):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(focused(page)):
            return focused(page)
    raise AssertionError("could not reach the element by pressing Tab")


def test_find_and_filter_case_studies_by_keyboard_alone(live_site, page):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#maincontent"

    tab_to(page, lambda el: el["id"] == "home-search")
    page.keyboard.type("capitated budgets")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=capitated+budgets")
    assert "Getting started with capitated budgets" in page.inner_text("main")

    tab_to(page, lambda el: el["tag"] == "A" and el["text"] == "Case studies")
    page.keyboard.press("Enter")
    page.wait_for_url("**/case-studies/")

    tab_to(page, lambda el: el["label"] == "Information governance and informatics (IG)")
    page.keyboard.press("Space")  # with JavaScript the results follow the tick; no Apply needed
    page.wait_for_url("**/case-studies/?theme=information-governance")
    assert "Information governance and Southend's section 251 application" in page.inner_text("main")

    tab_to(page, lambda el: el["tag"] == "A" and el["text"].startswith("Information governance and Southend"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/pioneers/southend-on-sea/southend-s251-application/")
    assert page.inner_text("h1") == "Information governance and Southend's section 251 application"


def test_keyboard_focus_is_visible(live_site, page):
    page.goto(live_site + "/case-studies/")
    tab_to(page, lambda el: el["label"] == "Information governance and informatics (IG)")
    page.keyboard.press("Tab")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return s.outlineStyle + '|' + s.boxShadow + '|' + s.backgroundColor; }"
    )
    assert style != "none|none|rgba(0, 0, 0, 0)"


def test_filters_and_search_work_with_javascript_off(live_site, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_site + "/case-studies/")
    tab.check("text=Information governance and informatics")
    tab.check("text=Southend on Sea")
    tab.click("text=Apply filters")
    tab.wait_for_url("**/case-studies/?theme=information-governance&pioneer=southend-on-sea")
    assert "1 case study" in tab.inner_text("[role=status]")
    tab.click("text=Pioneer: Southend on Sea")
    assert "Southend on Sea" not in tab.inner_text(".icase-tag-list")
    tab.fill("#search-field", "reablement")
    tab.press("#search-field", "Enter")
    tab.wait_for_url("**/search/?q=reablement")
    assert "Kent's proactive reablement service" in tab.inner_text("main")
    context.close()


def test_the_axe_harness_reports_real_violations(live_site, page, axe_source):
    """Guards the tests above: an image without alternative text must be caught."""
    page.goto(live_site + "/")
    page.evaluate(
        "document.querySelector('main').append(Object.assign(document.createElement('img'), {src: '/x.png'}))"
    )
    assert any(violation.startswith("image-alt") for violation in axe_violations(page, axe_source))


@pytest.mark.parametrize("url", ["/search/?q=capitated+budgets", "/search/?q=care&type=case-study"])
def test_limited_mode_search_has_no_axe_violations(degraded_site, page, axe_source, url):
    page.goto(degraded_site + url)
    assert "Search is running in limited mode" in page.inner_text("main")
    assert axe_violations(page, axe_source) == []


def test_search_suggestions_appear_while_typing(live_site, page):
    page.goto(live_site + "/search/")
    page.fill("#search-page-field", "rea")
    page.locator("#search-page-field-suggestions option").first.wait_for(state="attached", timeout=5000)
    options = page.eval_on_selector_all(
        "#search-page-field-suggestions option", "els => els.map(e => e.value)"
    )
    assert "Kent's proactive reablement service" in options


def test_search_facets_work_by_keyboard_and_without_javascript(live_site, browser):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_site + "/search/?q=care")
    tab.check("#search-form input[name=type][value=case-study]")
    tab.click("#search-form >> text=Apply filters")
    tab.wait_for_url("**type=case-study**")
    assert "Case study" in tab.inner_text("main")
    assert tab.locator("main li >> text=Learning event").count() == 0
    context.close()
