"""The member directory in the finder layout of the listing pages, theme labels as the rest of the
site shows them, and the profile form's selects saying what to choose."""

import re

import pytest

from django.test import Client

from cms.models import Theme
from icase.community.models import Category, MemberProfile

from .helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    client = Client()
    client.force_login(make_member("reader"))
    return client


def test_directory_puts_the_count_before_filters_grouped_with_one_apply_button(reader):
    html = reader.get("/members/").content.decode()
    count = html.index('class="icase-result-count"')
    filters = html.index('class="icase-filters"')
    assert count < filters
    assert html.count(">Apply filters</button>") == 1
    assert html.index(">Apply filters</button>") < html.index("data-filter-group")
    for group in ("Expertise", "Theme", "Sector", "Pioneer", "Region"):
        assert f'<span class="icase-filter-group__title">{group}</span>' in html


def test_directory_name_search_has_its_own_button_and_keeps_the_filters(reader):
    html = reader.get("/members/?q=nurse&sector=nhs").content.decode()
    search = html.split('aria-label="Members by name"', 1)[1].split("</form>", 1)[0]
    assert ">Search</button>" in search
    assert '<input type="hidden" name="sector" value="nhs">' in search


def test_no_filter_set_never_says_no_members_match_these_filters(reader):
    MemberProfile.objects.update(contactable=False)
    html = reader.get("/members/").content.decode()
    assert "No members match these filters" not in html
    assert "No members have chosen to be listed yet." in html
    assert "No members match these filters" in reader.get("/members/?sector=nhs").content.decode()


def test_selected_filters_are_counted_and_shown_as_removable(reader):
    html = reader.get("/members/?experts=1&region=north-east").content.decode()
    assert html.count("data-selected-count>1 selected</span>") == 2
    assert "Expertise: Experts only" in html


def test_theme_labels_carry_their_acronym_on_the_community_page_and_member_filters(reader):
    labelled = [t for t in Theme.objects.filter(category__isnull=False) if t.label != t.name]
    assert labelled, "the seed has themes known by an acronym"
    community = reader.get("/community/").content.decode()
    directory = reader.get("/members/").content.decode()
    for theme in labelled:
        assert f">{theme.label}</a>" in community
        assert f">{theme.label}</label>" in directory


def test_theme_counts_stay_on_the_line_of_their_theme(reader):
    html = reader.get("/community/").content.decode()
    category = Category.objects.filter(kind=Category.THEME).first()
    assert re.search(rf">{re.escape(category.label)}</a>&nbsp;<span", html)


def test_profile_selects_say_what_to_choose(reader):
    html = reader.get("/accounts/profile/").content.decode()
    assert "---------" not in html
    assert '<option value="" selected>Choose a sector</option>' in html
    assert '<option value="" selected>Choose a region</option>' in html
