"""All fifteen pioneers on one page (issue 12, item 11): an A to Z, then the same pioneers grouped
by region, instead of twelve and a page 2."""

import html
import re

import pytest

from cms.models import PioneerProfilePage

pytestmark = pytest.mark.django_db


def a_to_z(content):
    block = content.split('id="pioneers-a-to-z"', 1)[1].split("</ul>", 1)[0]
    return [html.unescape(title) for title in re.findall(r'<a href="[^"]+">([^<]+)</a>', block)]


def regions(content):
    """{region heading: [card titles]} in page order."""
    grouped = {}
    for section in content.split('<section class="icase-region"')[1:]:
        heading = html.unescape(re.search(r"<h2[^>]*>([^<]+)<", section).group(1)).strip()
        grouped[heading] = [
            html.unescape(title)
            for title in re.findall(r'<h3 class="nhsuk-card__heading[^"]*">\s*<a[^>]*>([^<]+)</a>', section)
        ]
    return grouped


def test_every_pioneer_is_on_one_page_from_a_to_z(client):
    pioneers = PioneerProfilePage.objects.live().public()
    assert pioneers.count() == 15
    content = client.get("/pioneers/").content.decode()
    assert a_to_z(content) == sorted((p.title for p in pioneers), key=str.lower)
    assert "nhsuk-pagination" not in content
    assert "15 pioneers" in content


def test_pioneers_are_grouped_under_their_regions(client):
    content = client.get("/pioneers/").content.decode()
    grouped = regions(content)
    order = [label for _value, label in PioneerProfilePage.REGION_CHOICES]
    assert list(grouped) == [label for label in order if label in grouped]
    for pioneer in PioneerProfilePage.objects.live().public():
        assert pioneer.title in grouped[pioneer.get_region_display()], pioneer.title
    assert sum(len(titles) for titles in grouped.values()) == 15


def test_filtering_keeps_the_grouping_and_leaves_out_empty_regions(client):
    content = client.get("/pioneers/", {"region": "london"}).content.decode()
    grouped = regions(content)
    assert list(grouped) == ["London"]
    assert len(grouped["London"]) == len(a_to_z(content)) == 4
