"""Listing pages lay out like GOV.UK finders (issue 12, item 7): the result count comes before the
filters in the page, so a phone shows it on the first screen; one Apply button at the top of the
filters; each filter group collapsible, saying how many of its options are ticked. Everything here
works with JavaScript off; icase.js only enhances it (tests/browser/test_mobile_filters.py)."""

import re

import pytest

pytestmark = pytest.mark.django_db

LISTINGS = ["/case-studies/", "/pioneers/", "/toolkits/", "/events/?when=past", "/collections/"]


def positions(content):
    return {
        "count": content.index('class="icase-result-count"'),
        "filters": content.index('class="icase-finder__filters"'),
        "apply": content.index(">Apply filters</button>"),
        "checkbox": content.index('type="checkbox"'),
        "results": content.index("data-finder-results"),
    }


@pytest.mark.parametrize("url", LISTINGS)
def test_count_then_filters_with_apply_at_their_top_then_results(client, url):
    content = client.get(url).content.decode()
    at = positions(content)
    assert at["count"] < at["filters"] < at["apply"] < at["checkbox"] < at["results"]
    assert content.count(">Apply filters</button>") == 1


@pytest.mark.parametrize("url", LISTINGS)
def test_every_filter_group_is_collapsible_and_open_without_javascript(client, url):
    content = client.get(url).content.decode()
    form = content.split('class="icase-finder__filters"', 1)[1].split("</form>", 1)[0]
    groups = re.findall(r"<details class=\"icase-filter-group\"( open)?", form)
    assert groups and all(groups)
    assert form.count("<fieldset") == len(groups)


def test_a_group_summary_says_how_many_of_its_options_are_ticked(client):
    content = client.get(
        "/case-studies/", {"theme": ["information-governance", "avoiding-admission"], "pioneer": "kent"}
    ).content.decode()
    summaries = dict(
        re.findall(
            r'icase-filter-group__title">([^<]+)</span> <span class="icase-filter-group__selected"'
            r" data-selected-count>([^<]*)</span>",
            content,
        )
    )
    assert summaries["Theme"] == "2 selected"
    assert summaries["Pioneer"] == "1 selected"
    assert summaries["Evaluation"] == ""
