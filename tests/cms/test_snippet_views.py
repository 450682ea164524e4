"""Themes in the admin: a listing that says what each theme carries, revisions and a preview."""

import pytest

from django.test import Client
from django.urls import reverse

from wagtail.models import Revision

from cms.models import Theme
from cms.models.snippets import ThemePick
from tests.icase.community.helpers import admin_client_for, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return admin_client_for(make_editor("theme-editor", "programme-editor"))


def theme_form(theme, **changes):
    picks = list(theme.picks.all())
    data = {
        "name": theme.name,
        "short_name": theme.short_name,
        "slug": theme.slug,
        "kind": theme.kind,
        "description": theme.description,
        "sort_order": theme.sort_order,
        "picks-TOTAL_FORMS": len(picks),
        "picks-INITIAL_FORMS": len(picks),
        "picks-MIN_NUM_FORMS": 0,
        "picks-MAX_NUM_FORMS": 6,
    }
    for index, pick in enumerate(picks):
        data.update(
            {
                f"picks-{index}-id": pick.pk,
                f"picks-{index}-page": pick.page_id,
                f"picks-{index}-note": pick.note,
                f"picks-{index}-ORDER": index + 1,
            }
        )
    return {**data, **changes}


def live_pages_tagged(theme):
    return sum(getattr(theme, relation).filter(live=True).count() for relation in Theme.TAGGED_RELATIONS)


def test_the_listing_counts_the_live_pages_each_theme_tags(editor):
    listing = editor.get("/admin/snippets/cms/theme/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Live pages tagged" in html and "Updated" in html
    rows = {row.name: row.tagged_pages for row in listing.context["object_list"]}
    for theme in Theme.objects.all():
        assert rows[theme.name] == live_pages_tagged(theme) > 0, theme.name


def test_saving_a_theme_keeps_a_revision_to_compare_and_revert(editor):
    theme = Theme.objects.get(slug="workforce")
    response = editor.post(
        reverse("wagtailsnippets_cms_theme:edit", args=[theme.pk]),
        theme_form(theme, description="Workforce, described again by a test."),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    theme.refresh_from_db()
    assert theme.description == "Workforce, described again by a test."
    revisions = Revision.objects.for_instance(theme)
    assert revisions.count() == 1 and theme.latest_revision == revisions.get()
    history = editor.get(reverse("wagtailsnippets_cms_theme:history", args=[theme.pk]))
    assert history.status_code == 200


def test_the_preview_shows_the_unsaved_theme_page(editor):
    theme = Theme.objects.get(slug="workforce")
    pick_page = ThemePick.objects.select_related("page").first().page
    url = reverse("wagtailsnippets_cms_theme:preview_on_edit", args=[theme.pk])
    form = theme_form(theme, description="Not saved: only the preview shows this.")
    form.update(
        {
            "picks-TOTAL_FORMS": int(form["picks-TOTAL_FORMS"]) + 1,
            f"picks-{form['picks-TOTAL_FORMS']}-page": pick_page.pk,
            f"picks-{form['picks-TOTAL_FORMS']}-note": "A pick only the preview has.",
            f"picks-{form['picks-TOTAL_FORMS']}-ORDER": int(form["picks-TOTAL_FORMS"]) + 1,
        }
    )
    assert editor.post(url, form).json()["is_valid"]
    preview = editor.get(url).content.decode()
    assert "Not saved: only the preview shows this." in preview
    assert "A pick only the preview has." in preview
    theme.refresh_from_db()
    assert theme.description != "Not saved: only the preview shows this."
    assert "Not saved" not in Client().get(f"/themes/{theme.slug}/").content.decode()


def test_a_new_themes_preview_renders_before_it_is_saved(editor):
    url = reverse("wagtailsnippets_cms_theme:preview_on_add")
    form = {
        "name": "A theme being written",
        "short_name": "New",
        "slug": "a-theme-being-written",
        "kind": Theme.CARE_MODEL,
        "description": "Only the preview knows this theme yet.",
        "sort_order": 99,
        "picks-TOTAL_FORMS": 0,
        "picks-INITIAL_FORMS": 0,
        "picks-MIN_NUM_FORMS": 0,
        "picks-MAX_NUM_FORMS": 6,
    }
    assert editor.post(url, form).json()["is_valid"]
    preview = editor.get(url)
    assert preview.status_code == 200
    assert "Only the preview knows this theme yet." in preview.content.decode()
    assert not Theme.objects.filter(slug="a-theme-being-written").exists()
