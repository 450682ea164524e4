"""Featured collections: editors see what the home page shows and which one would be left off."""

import html

import pytest

from cms.models import ThemedCollectionPage
from cms.models.collection import FEATURED_ON_HOME, featured_on_home

from ..test_panels import curator  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def collections():
    pages = list(ThemedCollectionPage.objects.live().order_by("title"))
    assert len(pages) > FEATURED_ON_HOME, "the seed needs more collections than the home page shows"
    ThemedCollectionPage.objects.filter(pk__in=[page.pk for page in pages[:FEATURED_ON_HOME]]).update(
        featured=True
    )
    ThemedCollectionPage.objects.filter(pk__in=[page.pk for page in pages[FEATURED_ON_HOME:]]).update(
        featured=False
    )
    return pages


def test_the_edit_form_says_which_collection_featuring_this_one_would_drop(curator, collections):  # noqa: F811
    last = collections[-1]  # last in title order: featuring it would leave itself off
    first = collections[0]
    ThemedCollectionPage.objects.filter(pk=last.pk).update(title="AAA first in title order")
    content = html.unescape(curator.get(f"/admin/pages/{last.pk}/edit/").content.decode())
    assert f"The home page shows {FEATURED_ON_HOME} featured collections, in title order." in content
    dropped = collections[FEATURED_ON_HOME - 1]
    assert f"not shown: “{dropped.title}”" in content
    assert f"“{first.title}”" in content


def test_the_home_page_shows_what_the_editors_were_told(client, collections):
    ThemedCollectionPage.objects.filter(pk=collections[-1].pk).update(featured=True)
    shown, dropped = featured_on_home()
    assert [page.pk for page in dropped] == [collections[-1].pk]  # last in title order
    content = html.unescape(client.get("/").content.decode())
    for page in shown:
        assert page.title in content
    assert dropped[0].title not in content.split("Browse by theme")[0]
