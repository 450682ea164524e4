"""Every synonym rule, "A&E" and the English analysis, checked through the real _analyze API."""

import pytest

from search import backend, index, maintenance

pytestmark = pytest.mark.django_db


def analyze(alias, analyzer, text):
    response = backend.call(lambda client: client.indices.analyze(index=alias, analyzer=analyzer, text=text))
    return [token["token"] for token in response["tokens"]]


def synonym_rules():
    """(terms searched, terms they must find): every term of "a, b, c" finds the others; in
    "a, b => c" a and b find c."""
    rules = []
    for rule in index.file_synonyms():
        sources, _, targets = rule.partition("=>")
        sources = [term.strip() for term in sources.split(",")]
        rules.append((sources, [term.strip() for term in targets.split(",")] if targets else sources))
    return rules


@pytest.mark.parametrize("rule", synonym_rules(), ids=lambda rule: rule[0][0])
def test_each_synonym_rule_matches_every_term(search_index, rule):
    """Searching for any term of a rule must find text containing any term it stands for."""
    sources, targets = rule
    for query_term in sources:
        searched = set(analyze(search_index, "icase_search", query_term))
        for other in targets:
            indexed = set(analyze(search_index, "icase_text", other))
            assert indexed <= searched, f"searching {query_term!r} would miss {other!r}: {indexed - searched}"


def test_a_and_e_survives_tokenising(search_index):
    assert analyze(search_index, "icase_text", "A&E attendance") == ["ae", "attend"]
    searched = analyze(search_index, "icase_search", "A&E")
    assert {"ae", "accid", "emerg"} <= set(searched)


def test_english_analysis_handles_possessives_folding_and_stems(search_index):
    assert analyze(search_index, "icase_text", "Kent's cafés services") == ["kent", "cafe", "servic"]
    assert analyze(search_index, "icase_text", "dementia news") == ["dementia", "news"]
    assert analyze(search_index, "icase_exact", "Kent's Services") == ["kent's", "services"]


def test_editor_synonyms_apply_on_rebuild(fresh_index):
    from search.models import SearchSynonym

    assert "integr" not in analyze(fresh_index, "icase_search", "ICS")
    SearchSynonym.objects.create(terms="ICS, Integrated Care System")
    maintenance.rebuild()
    assert {"ics", "integr", "care", "system"} <= set(analyze(fresh_index, "icase_search", "ICS"))


def test_an_editor_synonym_needs_two_terms():
    from django.core.exceptions import ValidationError

    from search.models import SearchSynonym

    with pytest.raises(ValidationError):
        SearchSynonym(terms="ICS").full_clean()
