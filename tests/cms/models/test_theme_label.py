"""One label per theme (issue 12, item 10): the full name, with an acronym in brackets where the
programme uses one, on tags, filters, theme pages and search facets alike."""

import html
import re

import pytest

from cms.models import CaseStudyPage, Theme

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "short_name", "label"),
    [
        ("Multi-disciplinary teams", "MDT", "Multi-disciplinary teams (MDT)"),
        ("Information governance and informatics", "IG", "Information governance and informatics (IG)"),
        ("Avoiding hospital admission", "Admission avoidance", "Avoiding hospital admission"),
        ("Mental health", "Mental health", "Mental health"),
        ("Dementia", "", "Dementia"),
        ("NHS App pilots", "NHS", "NHS App pilots"),  # the acronym is already in the name
    ],
)
def test_label_is_the_name_with_an_acronym_in_brackets(name, short_name, label):
    assert Theme(name=name, short_name=short_name).label == label


def theme_link_texts(content):
    return [html.unescape(text) for text in re.findall(r'class="icase-theme-link"[^>]*>([^<]+)</a>', content)]


def filter_labels(content, name):
    pattern = rf'id="filter-{name}-\d+"[^>]*>\s*<label[^>]*>([^<]+)</label>'
    return [html.unescape(text).strip() for text in re.findall(pattern, content)]


def test_tags_filters_and_theme_pages_say_the_same_thing(client):
    mdt = Theme.objects.get(short_name="MDT")
    listing = client.get("/case-studies/").content.decode()
    assert mdt.label in filter_labels(listing, "theme")
    assert mdt.label in theme_link_texts(listing)
    assert ">MDT<" not in listing and ">IG<" not in listing and ">VCS<" not in listing

    avoiding = Theme.objects.get(slug="avoiding-admission")
    case_study = CaseStudyPage.objects.live().filter(themes=avoiding).first()
    page = client.get(case_study.url).content.decode()
    assert avoiding.name in theme_link_texts(page)
    assert "Admission avoidance" not in page

    theme_page = client.get(f"/themes/{mdt.slug}/").content.decode()
    assert f"<h1>{html.escape(mdt.label)}</h1>" in theme_page
    assert html.escape(mdt.label) in client.get("/themes/").content.decode()


def test_theme_tags_are_links_that_look_like_links(client):
    """NHS.UK tags are labels, not controls; a theme people can follow is styled as a link."""
    content = client.get("/case-studies/").content.decode()
    assert 'class="icase-theme-link"' in content
    assert not re.search(r'<a class="nhsuk-tag[^"]*" href="/themes/', content)


def test_forms_and_the_home_page_name_themes_by_the_same_label(client):
    from cms.stories import StoryForm

    ig = Theme.objects.get(slug="information-governance")
    assert str(ig) == ig.label
    assert ig.label in [label for _value, label in StoryForm().fields["themes"].choices]
    assert html.escape(ig.label) in client.get("/").content.decode()
