"""The outcomes explorer in a real browser (issue 13 §2): axe-clean with its charts, usable with
JavaScript off (filters, sort and downloads are plain links and GET forms), live filtering with it,
and no sideways scrolling at 320 px; case studies and pioneer profiles with outcomes likewise."""

import pytest
from playwright.sync_api import expect

from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

PAGES = [
    "/outcomes/",
    "/outcomes/?kind=cost&sort=newest",
    "/outcomes/?kind=ae-attendances&pioneer=greenwich",  # no results
    "/pioneers/greenwich/greenwich-team-around-the-person/",
    "/pioneers/greenwich/",
    "/pioneers/kent/",  # outcomes of its own
    "/pioneers/cornwall-and-isles-of-scilly/",
    "/outcomes/?pioneer=welc&pioneer=cornwall-and-isles-of-scilly",  # a range bar and a ratio
]


@pytest.fixture
def tab(browser):
    contexts = []

    def open_tab(width=1280, javascript=True):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript
        )
        contexts.append(context)
        return context.new_page()

    yield open_tab
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", [1280, 320])
def test_outcome_pages_have_no_axe_violations_and_fit_the_screen(live_site, tab, axe_source, width):
    page = tab(width)
    for url in PAGES:
        assert page.goto(live_site + url).status == 200, url
        assert axe_violations(page, axe_source) == [], url
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{url} scrolls sideways at {width}px"


def test_the_charts_are_readable_at_320px(live_site, tab):
    page = tab(320)
    page.goto(live_site + "/outcomes/")
    sizes = page.eval_on_selector_all(
        "svg.icase-chart text.icase-chart__label",
        "els => els.map(el => el.getBoundingClientRect().height)",
    )
    assert sizes and min(sizes) >= 10  # 12px text drawn at no less than about 11px


def test_filter_sort_and_download_without_javascript(live_site, tab):
    page = tab(javascript=False)
    page.goto(live_site + "/outcomes/")
    expect(page.locator("[data-finder-count]")).to_have_text("17 measured outcomes")
    page.get_by_role("checkbox", name="Cost and savings").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/outcomes/?kind=cost")
    expect(page.locator("[data-finder-count]")).to_have_text("8 measured outcomes")
    page.select_option("#outcomes-sort", "newest")
    page.get_by_role("button", name="Sort", exact=True).click()
    page.wait_for_url("**/outcomes/?kind=cost&sort=newest")
    expect(page.locator("[data-finder-count]")).to_have_text("8 measured outcomes")
    csv_url = page.get_attribute("a[href^='/outcomes/outcomes.csv']", "href")
    download = page.request.get(live_site + csv_url)
    assert download.ok and download.text().count("Integrated Care Pioneers: One Year On") == 8


def test_the_entry_points_lead_to_the_explorer(live_site, tab):
    page = tab(375)
    page.goto(live_site + "/case-studies/")
    page.get_by_role("link", name="Compare measured outcomes across case studies and pioneers").click()
    page.wait_for_url("**/outcomes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcomes explorer")
    page.goto(live_site + "/")
    page.get_by_role("link", name="Compare measured outcomes across case studies and pioneers").click()
    page.wait_for_url("**/outcomes/")


def test_with_javascript_ticking_a_box_updates_rows_charts_and_count(live_site, tab):
    page = tab()
    page.goto(live_site + "/outcomes/")
    page.get_by_role("checkbox", name="A&E attendances").check()
    expect(page.locator("[data-finder-count]")).to_have_text("1 measured outcome")
    page.wait_for_url("**/outcomes/?kind=ae-attendances")
    expect(page.locator("svg.icase-chart")).to_have_count(1)
    expect(page.locator(".icase-outcomes-table tbody tr")).to_have_count(1)
    expect(page.locator("a[href^='/outcomes/outcomes.json']")).to_have_attribute(
        "href", "/outcomes/outcomes.json?kind=ae-attendances"
    )
