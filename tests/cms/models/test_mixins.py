"""Pages editors chose (collection items, theme picks) are shown only while live and public."""

import pytest

from wagtail.models import PageViewRestriction

from cms.models import CaseStudyPage, CollectionItem
from cms.models.mixins import resolve_chosen_pages

pytestmark = pytest.mark.django_db


def test_chosen_pages_come_back_specific_in_the_rows_order_without_hidden_ones():
    first, draft, private, last = CaseStudyPage.objects.live().public().order_by("title")[:4]
    draft.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    rows = [CollectionItem(page_id=page.pk) for page in (last, private, draft, first)]

    resolved = resolve_chosen_pages(rows)

    assert [(row, page.pk) for row, page in resolved] == [(rows[0], last.pk), (rows[3], first.pk)]
    assert all(type(page) is CaseStudyPage for _, page in resolved)


def test_no_rows_resolve_to_nothing():
    assert resolve_chosen_pages([]) == []
