"""The vocabulary's rewritings, and how both backends count a phrase that stands for one word."""

import pytest

from search.elasticsearch_query import _text_query
from search.query import run_search
from search.request import SearchRequest
from search.understanding import strict_minimum
from search.vocabulary import parse


def urls(query, n=10):
    response = run_search(SearchRequest(query=query))
    return [result.url for result in (response.promotions + response.results)[:n]]


def test_a_rewritten_phrase_is_one_clause():
    rules = parse(["prom => patient reported outcome measure", "gp, general practitioner"])
    assert rules.rewritings(["prom", "pilot"]) == [
        [("prom",), ("pilot",)],
        [("patient", "reported", "outcome", "measure"), ("pilot",)],
    ]
    assert rules.alternatives(["prom", "pilot"])[1] == ["patient", "reported", "outcome", "measure", "pilot"]


def test_all_phrases_rewritten_at_once_are_not_read_again():
    rules = parse(["ig => information governance", "information => data"])
    rewritten_at_once = rules.rewritings(["ig", "sharing"])[1]
    assert rewritten_at_once == [("information", "governance"), ("sharing",)]


@pytest.mark.django_db
def test_a_short_query_needs_a_rewritten_phrase_whole(engine):
    """ "PROM pilot": the page that says "PROM pilot" comes first; a page with "pilot" and some word
    of "patient reported outcome measure" is no strict match for it."""
    found = urls("PROM pilot")
    assert found[0] == "/pioneers/welc/"
    n19 = "/pioneers/islington/islington-n19-pilot/"
    assert n19 not in found or found.index(n19) > 0


@pytest.mark.django_db
def test_a_word_known_by_its_rewriting_still_relaxes(engine):
    """ "BCF plans": no page says "BCF", but the Better Care Fund workshops are an answer."""
    assert "/events/better-care-fund-and-financial-modelling-workshops/" in urls("BCF plans")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", ["long covid clinic", "ketamine crisis house", "drone prescription delivery"]
)
def test_a_short_query_with_a_word_the_site_never_uses_finds_nothing(engine, query):
    """Its other words would find pages about something else ("long-term" conditions in clinics)."""
    assert urls(query) == []


@pytest.mark.django_db
def test_a_named_pioneer_still_answers_a_word_the_site_lacks(engine):
    found = urls("Cheshire rehab")
    assert found[0].startswith("/pioneers/cheshire/") and "/pioneers/cheshire/" in found


@pytest.mark.django_db
def test_a_respelling_that_only_changes_an_ending_is_not_offered(engine):
    response = run_search(SearchRequest(query="shared care record"))
    assert response.suggestion is None and response.respelt_from is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("assembly", "/events/pioneer-assemblies/"),  # the page says "assemblies"
        ("wards", "/pioneers/west-norfolk/west-norfolk-hospital-at-home/"),  # it says "virtual ward"
    ],
)
def test_the_database_search_finds_other_forms_of_a_word(query, page):
    assert page in urls(query)


@pytest.mark.django_db
def test_elasticsearch_qualifies_a_short_query_by_whole_clauses_as_the_database_does():
    """The filter that decides which pages qualify counts clauses, each needing every word of its
    phrase, by the same `strict_minimum` the database search uses (`Candidate.matches`)."""
    query = _text_query(["discharge", "frail", "elderly"])
    [qualifying] = query["bool"]["filter"]
    per_rewriting = qualifying["bool"]["should"]
    leaving_hospital = next(
        option
        for option in per_rewriting
        if "bool" in option and any("leaving hospital" in str(clause) for clause in option["bool"]["should"])
    )
    assert leaving_hospital["bool"]["minimum_should_match"] == strict_minimum(3)
    phrase_clause = next(c for c in leaving_hospital["bool"]["should"] if "leaving hospital" in str(c))
    assert all(
        option["multi_match"]["minimum_should_match"] == "100%" for option in phrase_clause["bool"]["should"]
    )


@pytest.mark.django_db
def test_a_slip_beside_a_word_read_as_a_phrase_still_finds_the_answer(engine):
    """ "hospitl discharge": "discharge" is also "leaving hospital"; the slip in "hospitl" must not
    keep the discharge team out."""
    assert "/pioneers/kent/kent-integrated-discharge-team/" in urls("hospitl discharge", 3)


def test_stemming_from_many_threads_at_once_gives_each_the_right_stems():
    """A threaded server stems in several threads at once (searches beside a document-store build)."""
    import threading

    from search.vocabulary import stemmer

    words = ["relational", "nationalisation", "hopefulness", "integration", "reablement", "caring"] * 4000
    expected = stemmer.stemWords(words)
    results, errors = [], []

    def stem():
        try:
            results.append(stemmer.stemWords(words))
        except Exception as error:  # noqa: BLE001 - recorded and asserted below
            errors.append(error)

    threads = [threading.Thread(target=stem) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and all(result == expected for result in results)
