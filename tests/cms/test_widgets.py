"""Taxonomies are chosen with ticked boxes in named groups, in the admin and on the story form;
fields with a maximum length count characters."""

import html
import re

import pytest

from cms.models import CaseStudyPage, IStatement, Theme
from cms.stories import StoryForm

from .test_panels import curator  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def groups(content, name):
    """{legend: [ticked box values]} for the grouped checkboxes of field `name`."""
    block = re.search(
        rf'<div id="id_{name}" class="icase-grouped-checkboxes.*?</div>\s*</div>', content, re.S
    )
    assert block, f"{name} is not grouped checkboxes"
    found = {}
    for legend, body in re.findall(r"<legend[^>]*>(.*?)</legend>(.*?)</fieldset>", block.group(0), re.S):
        found[html.unescape(legend.strip())] = re.findall(rf'name="{name}" value="(\d+)"', body)
    return found


@pytest.fixture
def case_study_form(curator):  # noqa: F811
    page = CaseStudyPage.objects.live().first()
    return curator.get(f"/admin/pages/{page.pk}/edit/").content.decode()


def test_themes_are_grouped_into_enabler_workstreams_and_care_models(case_study_form):
    found = groups(case_study_form, "themes")
    assert list(found) == ["Enabler workstreams", "Care models"]
    for theme in Theme.objects.all():
        group = "Enabler workstreams" if theme.kind == Theme.ENABLER else "Care models"
        assert str(theme.pk) in found[group]


def test_population_groups_and_i_statements_are_checkboxes_not_a_ctrl_click_list(case_study_form):
    assert not re.search(r'<select[^>]*name="population_groups"', case_study_form)
    assert not re.search(r'<select[^>]*name="i_statements"', case_study_form)
    assert 'type="checkbox" name="population_groups"' in case_study_form
    found = groups(case_study_form, "i_statements")
    labels = dict(IStatement.GROUP_CHOICES)
    used = [
        labels[key] for key, _ in IStatement.GROUP_CHOICES if IStatement.objects.filter(group=key).exists()
    ]
    assert list(found) == used


def test_the_theme_picker_on_every_page_type_is_grouped(curator):  # noqa: F811
    from cms.models import PioneerProfilePage, ThemedCollectionPage, ToolkitPage

    for model in (PioneerProfilePage, ThemedCollectionPage, ToolkitPage):
        page = model.objects.first()
        content = curator.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert list(groups(content, "themes")) == ["Enabler workstreams", "Care models"], model


def test_the_story_form_groups_its_themes_too():
    form = StoryForm()
    groups_ = [(group, [box.choice_label for box in boxes]) for group, boxes in form.theme_groups]
    assert [group for group, _ in groups_] == ["Enabler workstreams", "Care models"]
    enabler = Theme.objects.filter(kind=Theme.ENABLER).first()
    assert str(enabler) in groups_[0][1]


def test_fields_with_a_maximum_length_count_characters(case_study_form):
    assert "cms/admin/character-count.js" in case_study_form
    assert re.search(r'<textarea[^>]*name="summary"[^>]*maxlength="400"', case_study_form)
