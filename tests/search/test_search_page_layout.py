"""The search page lays out like a GOV.UK finder (issue 12, item 7): the result count and sort
before the filters, one Apply button at the top of the filters, collapsible groups that say how
many options are ticked. Database search is enough: the layout does not depend on the backend."""

import re

import pytest

from django.test.utils import override_settings

pytestmark = pytest.mark.django_db


@override_settings(ELASTICSEARCH_URL="")
def test_count_and_sort_come_before_the_filters_and_apply_before_any_checkbox(client):
    content = client.get("/search/", {"q": "reducing hospital admissions"}).content.decode()
    count = content.index('class="icase-result-count"')
    sort = content.index('<select class="nhsuk-select" id="sort"')
    filters = content.index('class="icase-finder__filters')
    apply = content.index(">Apply filters</button>")
    first_checkbox = content.index('type="checkbox"')
    results = content.index("data-finder-results")
    assert count < sort < filters < apply < first_checkbox < results
    assert content.count(">Apply filters</button>") == 1


@override_settings(ELASTICSEARCH_URL="")
def test_facet_groups_are_collapsible_and_count_their_ticked_options(client):
    content = client.get("/search/", {"q": "care", "type": "case-study", "upcoming": "1"}).content.decode()
    summaries = dict(
        re.findall(
            r'icase-filter-group__title">([^<]+)</span> <span class="icase-filter-group__selected"'
            r" data-selected-count>([^<]*)</span>",
            content,
        )
    )
    assert summaries["Type"] == "1 selected"
    assert summaries["Events"] == "1 selected"
    assert all(count in ("", "1 selected") for count in summaries.values())
    assert content.count('<details class="icase-filter-group" open') == len(summaries)


@override_settings(ELASTICSEARCH_URL="")
def test_result_themes_use_the_one_theme_label(client):
    content = client.get("/search/", {"q": "information sharing"}).content.decode()
    assert "Information governance and informatics (IG)" in content
