"""The StreamField blocks: NHS.UK content components, and a description and preview for each in
the editor's block picker."""

import pytest

from django.urls import reverse

from cms.blocks import ActionLinkBlock, DetailsBlock, ToolkitSectionsBlock, WarningCalloutBlock
from cms.models import CaseStudyPage
from tests.icase.community.helpers import admin_client_for, make_editor

pytestmark = pytest.mark.django_db


def test_every_block_says_what_it_is_for():
    for name, block in ToolkitSectionsBlock().child_blocks.items():
        assert block.meta.description, name


def test_the_warning_callout_is_nhsuk_markup_with_a_hidden_important():
    html = WarningCalloutBlock().render(
        WarningCalloutBlock().to_python({"heading": "Before you share", "text": "<p>Check the rules.</p>"})
    )
    assert 'class="nhsuk-card nhsuk-card--warning"' in html
    assert "Important: </span>Before you share" in html and "<p>Check the rules.</p>" in html


def test_details_open_to_show_their_text():
    html = DetailsBlock().render(DetailsBlock().to_python({"summary": "How?", "text": "<p>Like this.</p>"}))
    assert '<details class="nhsuk-details">' in html and 'nhsuk-details__summary-text">How?<' in html


def test_an_action_link_goes_to_its_page_and_a_missing_page_renders_nothing():
    page = CaseStudyPage.objects.live().first()
    block = ActionLinkBlock()
    html = block.render(block.to_python({"page": page.pk, "text": ""}))
    assert f'href="{page.url}"' in html and page.title in html and "nhsuk-action-link" in html
    assert block.render(block.to_python({"page": None, "text": "Nowhere"})).strip() == ""


def test_an_action_link_to_an_unpublished_or_private_page_renders_nothing():
    from wagtail.models import PageViewRestriction

    block = ActionLinkBlock()
    unpublished, private = CaseStudyPage.objects.live()[:2]
    unpublished.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for page in (unpublished, private):
        assert block.render(block.to_python({"page": page.pk, "text": "Read this"})).strip() == "", page


def test_a_warning_headed_important_says_it_once():
    block = WarningCalloutBlock()
    html = block.render(block.to_python({"heading": "Important", "text": "<p>Read this.</p>"}))
    assert "Important: " not in html and ">Important</h3>" in html


def test_the_block_picker_previews_in_icase_styles():
    client = admin_client_for(make_editor("block-previewer", "programme-editor"))
    block = ToolkitSectionsBlock().child_blocks["warning_callout"]
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/icase" in html and "nhsuk-card--warning" in html
