"""Details a design review found on content pages and the story form: error classes on the control
itself, nhsuk-frontend's file upload, one "Ask the pioneer", a population list that reads as a
list, a linked contact page in the accessibility statement, and "for example" in hints."""

import re
from pathlib import Path

import pytest

from django.conf import settings
from django.test import Client

from cms.models import CaseStudyPage, PopulationGroup, StandardPage
from tests.cms.test_stories import story
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client():
    client = Client()
    client.force_login(make_member("storyteller"))
    return client


def control(html, field_id):
    return re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field_id}"[^>]*>', html).group(0)


def test_fields_in_error_carry_the_nhsuk_error_class_on_the_control(member_client):
    html = member_client.post("/share-your-story/", story(title="", pioneer="", summary="")).content.decode()
    assert "nhsuk-input--error" in control(html, "id_title")
    assert "nhsuk-select--error" in control(html, "id_pioneer")
    summary = control(html, "id_summary")
    assert "nhsuk-textarea--error" in summary
    assert re.search(r'aria-describedby="[^"]*id_summary-error', summary)
    assert "--error" not in control(html, "id_credit"), "only fields in error"


def test_file_inputs_are_nhsuk_file_uploads(member_client):
    html = member_client.get("/share-your-story/").content.decode()
    for field_id in ("id_attachment", "id_image"):
        assert 'class="nhsuk-file-upload__input"' in control(html, field_id)
    assert html.count('class="nhsuk-form-group nhsuk-file-upload"') == 2


def test_a_case_study_offers_ask_the_pioneer_once(client):
    page = CaseStudyPage.objects.live().filter(awaiting_full_account=True).first()
    assert page is not None
    html = client.get(page.url).content.decode()
    assert html.count(">Ask the pioneer<") == 1


def test_population_groups_are_a_list_not_a_sentence_with_capitals(client, uncached_responses):
    page = CaseStudyPage.objects.live().first()
    groups = list(PopulationGroup.objects.all()[:2])
    page.population_groups.set(groups)
    page.save()
    html = client.get(page.url).content.decode()
    row = html.split("Who it is for", 1)[1].split("</dd>", 1)[0]
    assert "<ul" in row and all(f"<li>{group}</li>" in row for group in groups)
    assert f"{groups[0]}, {groups[1]}" not in row


def test_the_accessibility_statement_links_the_contact_page(client):
    html = client.get(StandardPage.objects.get(slug="accessibility-statement").url).content.decode()
    assert '<a href="/contact/">the contact page</a>' in html
    for heading in ("Compliance status", "Reporting accessibility problems", "Enforcement procedure"):
        assert f">{heading}</h2>" in html


def test_hints_say_for_example_not_eg():
    roots = [Path(settings.BASE_DIR) / name for name in ("icase", "cms", "templates")]
    forms = [path for root in roots for path in root.rglob("*") if path.name in {"forms.py", "stories.py"}]
    templates = list((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
    found = [str(path) for path in forms + templates if "e.g." in path.read_text()]
    assert found == []
