"""The vocabulary's rewritings, and how both backends count a phrase that stands for one word."""

import pytest

from search.query import run_search
from search.request import SearchRequest
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
    """"PROM pilot": the page that says "PROM pilot" comes first; a page with "pilot" and some word
    of "patient reported outcome measure" is no strict match for it."""
    found = urls("PROM pilot")
    assert found[0] == "/pioneers/welc/"
    n19 = "/pioneers/islington/islington-n19-pilot/"
    assert n19 not in found or found.index(n19) > 0


@pytest.mark.django_db
def test_a_word_known_by_its_rewriting_still_relaxes(engine):
    """"BCF plans": no page says "BCF", but the Better Care Fund workshops are an answer."""
    assert "/events/better-care-fund-and-financial-modelling-workshops/" in urls("BCF plans")
