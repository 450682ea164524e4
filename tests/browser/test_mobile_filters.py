"""Finder pages on a phone and with JavaScript (issue 12, item 7): the result count is on the first
screen above the filters, the filters fold behind a "Filter" button, long groups are shortened,
and ticking a box updates the results in place, the address bar and the announced count."""

import re

import pytest
from playwright.sync_api import expect

from .accounts import sign_in
from .community_content import MEMBER
from .test_accessibility import axe_violations

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
QUERY = "/search/?q=reducing+hospital+admissions"


@pytest.fixture
def phone(browser):
    contexts = []

    def open_tab(javascript=True):
        context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
        contexts.append(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: pytest.fail(f"script error: {error}"))
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def box(tab, selector):
    found = tab.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not displayed"
    return found


def test_without_javascript_the_count_is_on_the_first_screen_above_every_filter(live_site, phone):
    tab = phone(javascript=False)
    tab.goto(live_site + QUERY)
    count = box(tab, ".icase-result-count")
    assert "reducing hospital admissions" in tab.inner_text(".icase-result-count")
    first_checkbox = box(tab, ".icase-finder__filters input[type=checkbox]")
    apply = box(tab, "text=Apply filters")
    assert count["y"] < apply["y"] < first_checkbox["y"]
    assert count["y"] + count["height"] <= PHONE["height"]


def test_with_javascript_the_filters_fold_behind_a_button_under_the_count(live_site, phone):
    tab = phone()
    tab.goto(live_site + QUERY)
    count = box(tab, ".icase-result-count")
    assert count["y"] + count["height"] <= PHONE["height"]
    toggle = tab.locator("button.icase-filter-toggle")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(tab.locator(".icase-finder__filters input[type=checkbox]").first).to_be_hidden()
    first_result = box(tab, "[data-finder-results] li h2")
    assert first_result["y"] < PHONE["height"], "the first result should start on the first screen"

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    assert count["y"] < box(tab, ".icase-finder__filters input[type=checkbox]")["y"]


def test_on_the_case_studies_page_the_first_result_starts_on_the_first_screen(live_site, phone):
    tab = phone()
    tab.goto(live_site + "/case-studies/")
    assert box(tab, ".icase-result-count")["y"] < box(tab, "button.icase-filter-toggle")["y"]
    assert box(tab, ".nhsuk-card")["y"] < PHONE["height"]


@pytest.mark.parametrize("javascript", [True, False])
def test_the_member_directory_puts_its_count_on_the_first_screen(live_site, browser, javascript):
    signed_in, _tab = sign_in(browser, live_site, MEMBER, viewport=PHONE)
    context = browser.new_context(
        viewport=PHONE, java_script_enabled=javascript, storage_state=signed_in.storage_state()
    )
    signed_in.close()
    try:
        tab = context.new_page()
        tab.goto(live_site + "/members/")
        assert "/members/" in tab.url
        count = box(tab, ".icase-result-count")
        assert count["y"] + count["height"] <= PHONE["height"]
        if javascript:
            assert count["y"] < box(tab, "button.icase-filter-toggle")["y"]
            expect(tab.locator(".icase-finder__filters input[type=checkbox]").first).to_be_hidden()
        else:
            assert count["y"] < box(tab, "text=Apply filters")["y"]
            assert count["y"] < box(tab, ".icase-finder__filters input[type=checkbox]")["y"]
    finally:
        context.close()


def test_ticking_a_box_updates_the_results_the_address_and_the_announced_count(live_site, page):
    page.goto(live_site + "/case-studies/")
    page.evaluate("window.icaseSamePage = true")
    expect(page.locator("text=Apply filters")).to_be_hidden()
    count = page.locator(".icase-result-count")
    expect(count).to_have_attribute("role", "status")
    before = count.inner_text()

    page.get_by_label("Information governance and informatics (IG)").check()
    expect(count).not_to_have_text(before)
    expect(count).to_have_text(re.compile(r"^\d+ case stud(y|ies)$"))
    assert page.url.endswith("/case-studies/?theme=information-governance")
    assert page.evaluate("window.icaseSamePage === true"), "the page should not have reloaded"
    expect(page.locator("[data-finder-summary]")).to_contain_text("Theme: Information governance")
    theme_group = page.locator("details.icase-filter-group", has_text="Theme").first
    expect(theme_group.locator("[data-selected-count]")).to_have_text("1 selected")

    page.locator("[data-finder-results] .nhsuk-card__heading a").first.click()
    page.wait_for_load_state()
    page.go_back()
    assert page.url.endswith("?theme=information-governance")
    expect(page.locator(".icase-result-count")).to_have_text(count.inner_text())


def test_search_updates_as_you_tick_and_change_the_sort(live_site, page):
    page.goto(live_site + QUERY)
    count = page.locator(".icase-result-count")
    before = count.inner_text()
    page.check("#search-form input[name=type][value=case-study]")
    expect(count).not_to_have_text(before)
    assert "type=case-study" in page.url
    page.select_option("#sort", "newest")
    page.wait_for_url(re.compile(r"sort=newest"))
    assert "type=case-study" in page.url
    expect(page.locator("[data-finder-results] li").first).to_contain_text("Case study")


def test_long_groups_show_their_first_options_and_a_show_all_button(live_site, page):
    page.goto(live_site + "/case-studies/")
    group = page.locator("[data-filter-options]").filter(has=page.locator("input[name=theme]"))
    options = group.locator(".nhsuk-checkboxes__item")
    total = options.count()
    assert total > 8
    button = page.get_by_role("button", name=f"Show all {total} theme options")
    expect(button).to_have_attribute("aria-expanded", "false")
    assert sum(options.nth(i).is_visible() for i in range(total)) == 6
    button.click()
    fewer = page.get_by_role("button", name="Show fewer theme options")
    expect(fewer).to_have_attribute("aria-expanded", "true")
    assert all(options.nth(i).is_visible() for i in range(total))


@pytest.mark.parametrize("url", [QUERY, "/case-studies/?theme=avoiding-admission", "/pioneers/"])
def test_open_filters_on_a_phone_have_no_axe_violations(live_site, phone, axe_source, url):
    tab = phone()
    tab.goto(live_site + url)
    tab.click("button.icase-filter-toggle")
    show_all = tab.locator(".icase-show-more")
    if show_all.count():
        show_all.first.click()
    assert axe_violations(tab, axe_source) == []
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{url} scrolls sideways at 375px"
