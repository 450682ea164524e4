"""Every seeded page names its source on the page; undescribed upcoming events are marked as samples."""

import pytest

from cms.models import CaseStudyPage, LearningEventPage, PioneerProfilePage, ToolkitPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [CaseStudyPage, PioneerProfilePage, ToolkitPage, LearningEventPage])
def test_every_seeded_page_shows_a_source_line_with_title_and_date(client, model):
    for page in model.objects.live():
        if getattr(page, "sample_content", False):
            continue
        assert page.cited_sources, page.slug
        html = client.get(page.url).content.decode()
        first = page.cited_sources[0]["document"]
        assert f"Source: <cite>{first.title}</cite> ({first.publisher}, {first.date})" in html, page.slug


def test_the_leeds_profile_cites_its_scie_table_row(client):
    html = client.get(PioneerProfilePage.objects.get(slug="leeds").url).content.decode()
    assert "Integration pioneer sites table, Leeds row" in html
    assert "November 2013" in html


def test_sample_events_say_so_on_the_page_and_in_the_admin(client):
    samples = LearningEventPage.objects.filter(sample_content=True)
    assert samples.exists()
    for event in samples:
        assert "This is not a real event" in client.get(event.url).content.decode()
        assert event.get_admin_display_title().startswith("[Sample content]")
    for event in LearningEventPage.objects.filter(sample_content=False):
        assert event.date_precision == "unknown" and event.start is None, event.slug


def test_upcoming_events_are_only_samples(client):
    html = client.get("/events/").content.decode()
    assert "Sample content" in html
