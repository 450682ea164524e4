"""What content puts in the search index reads as text: fields and blocks never glue words together,
and what a page lists (population groups, outcomes, organisations) is searchable without being cut
into the snippet under a result."""

import re

import pytest

from wagtail.models import Page

from cms.models import CaseStudyPage
from cms.search_documents import plain
from search.documents import registry

pytestmark = pytest.mark.django_db


def test_plain_ends_each_block_and_field_as_a_sentence():
    assert plain("<h2>Hospital at home</h2><p>Health and wellbeing</p>") == (
        "Hospital at home. Health and wellbeing."
    )
    assert plain("<ul><li>GP clusters</li><li>Risk stratification</li></ul>") == (
        "GP clusters. Risk stratification."
    )
    assert plain("Already ends.", "Asks why?", "A list:", "") == "Already ends. Asks why? A list:"
    assert plain("<p>Line one<br>line two</p>") == "Line one. line two."
    assert plain("<p>An <b>inline</b> word stays whole</p>") == "An inline word stays whole."


def seeded_documents():
    for page in Page.objects.live().public().specific():
        document_class = registry.for_instance(page)
        if document_class is not None:
            yield page, document_class.to_document(page)


def test_no_seeded_document_glues_two_words_into_one():
    """A lower-case letter straight before a capital ("homeHealth") is where two texts met without
    a space; the seed sources hold no such word."""
    glued = {
        (page.url_path, match.group(0))
        for page, document in seeded_documents()
        for field in ("body", "details", "summary")
        for match in re.finditer(r"\b\w*[a-z][A-Z]\w*", document[field])
        if match.group(0) not in {"WebEx", "JavaScript", "JoinedUp"}
    }
    assert not glued


def test_population_groups_and_outcomes_are_searched_but_not_snippet_text():
    study = (
        CaseStudyPage.objects.live().filter(population_groups__isnull=False, outcomes__isnull=False).first()
    )
    document = registry.for_instance(study).to_document(study)
    group = study.population_groups.first().name
    outcome = study.outcomes.first()
    assert group in document["details"] and outcome.sentence in document["details"]
    assert group not in document["body"].replace(document["summary"], "")
    assert outcome.sentence not in document["body"]
