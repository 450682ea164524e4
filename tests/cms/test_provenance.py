"""Every figure and quoted phrase in the seed content appears in the source documents.

Reads the seed texts from ../shared/seeds/ (beside the project, as tests/cms/test_seed.py finds
them) and the fixtures the seed loader reads, and checks every number in every outcome, every figure
in the pioneer facts and every quoted phrase in the fixtures against them, after normalising
thousands separators, "%", "£" and "m"/"million". Exceptions live in provenance_allowlist.yaml, each
with its reason.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from django.conf import settings

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ALLOWLIST = yaml.safe_load((Path(__file__).parent / "provenance_allowlist.yaml").read_text(encoding="utf-8"))
NUMBER = re.compile(r"£?\d[\d,]*(?:\.\d+)?(?:\s?(?:m|bn|million)\b)?%?")
QUOTED = re.compile(r"[\"“]([^\"”\n]*)[\"”]")  # every quoted span, in order; short ones skipped


def fixture(name):
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


def normalise_text(text):
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("\\(", "(").replace("\\)", ")").replace("A+E", "A&E")
    return re.sub(r"\s+", " ", text).lower()


def number_value(token):
    """ "£3m" → 3000000, "1.2 million" → 1200000, "55%" → 55, "1,480,200" → 1480200."""
    token = token.replace("£", "").replace("%", "").replace(",", "").strip()
    factor = 1
    for suffix, multiplier in (("million", 10**6), ("bn", 10**9), ("m", 10**6)):
        if token.endswith(suffix):
            token, factor = token[: -len(suffix)].strip(), multiplier
            break
    return Decimal(token) * factor


def numbers_in(text):
    values = set()
    for token in NUMBER.findall(text):
        try:
            values.add(number_value(token))
        except ArithmeticError:
            continue
    return values


@pytest.fixture(scope="module")
def sources():
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    assert texts, f"expected the seed documents at {SEEDS}"
    joined = "\n".join(texts)
    return {"text": normalise_text(joined), "numbers": numbers_in(joined)}


def allowed_number(value):
    return any(number_value(entry) == value for entry in ALLOWLIST["numbers"])


def test_every_outcome_number_is_in_the_sources(sources):
    for entry in fixture("case_studies")["entries"]:
        for outcome in entry.get("outcomes", []):
            value = abs(Decimal(str(outcome["change"])))
            assert value in sources["numbers"] or allowed_number(value), (entry["slug"], outcome)
            assert normalise_text(outcome["quote"]) in sources["text"], (entry["slug"], outcome["quote"])
            for number in numbers_in(outcome.get("period", "")):
                assert number in sources["numbers"] or allowed_number(number), (entry["slug"], number)


# Words a source uses for a figure, so a quote that says "halving" supports 50.
WORD_NUMBERS = {"halving": 50, "three-quarters": 75}
FIGURE = r"\s+£?\d"
# What each qualifier says, directly before the figure, in the source's words.
QUALIFIER_WORDS = {
    "about": r"about",
    "some": r"some",
    "nearly": r"nearly",
    "over": r"over",
    "at-least": r"at least",
    "estimated": r"estimated (?:at|to be)",
    "estimated-some": r"estimated (?:at|to be) some",
    "estimated-over": r"estimated to exceed",
}
# A hedge just before a figure ("nearly 50%", "estimated to be some £700,000"): the outcome must keep it.
HEDGED = re.compile(
    r"\b(?:nearly|over|some|about|almost|around|at least|more than|estimated (?:at|to be|to exceed))\s+£?\d"
)


def quoted_values(quote):
    text = normalise_text(quote)
    return numbers_in(quote) | {Decimal(value) for word, value in WORD_NUMBERS.items() if word in text}


def check_outcome_against_its_quote(where, outcome, sources):
    """The quote is in the sources, and the value, the far end of a range, the numbers in the period
    and population and the qualifier are all in the quote; a hedged figure keeps its qualifier."""
    quote = normalise_text(outcome["quote"])
    assert quote in sources["text"], (where, outcome["quote"])
    values = quoted_values(outcome["quote"])
    for key in ("change", "range_end"):
        if outcome.get(key) is not None:
            assert abs(Decimal(str(outcome[key]))) in values, (where, key, outcome["quote"])
    for key in ("period", "population"):
        for number in numbers_in(str(outcome.get(key, ""))):
            assert number in values, (where, key, number)
    qualifier = outcome.get("qualifier", "")
    if qualifier:
        assert re.search(QUALIFIER_WORDS[qualifier] + FIGURE, quote), (where, qualifier, outcome["quote"])
    else:
        assert not HEDGED.search(quote), (where, "the source hedges this figure", outcome["quote"])


def test_every_pioneer_outcome_is_in_the_sources_as_its_quote_says(sources):
    outcomes = [(entry["slug"], item) for entry in fixture("pioneers") for item in entry.get("outcomes", [])]
    assert len(outcomes) == 11
    for slug, outcome in outcomes:
        check_outcome_against_its_quote(slug, outcome, sources)


def test_every_case_study_outcome_keeps_its_quote_and_qualifier(sources):
    for entry in fixture("case_studies")["entries"]:
        for outcome in entry.get("outcomes", []):
            check_outcome_against_its_quote(entry["slug"], outcome, sources)


def test_the_outcome_check_catches_a_lost_qualifier_and_a_changed_figure(sources):
    quote = "the number of people being admitted to hospital falling by nearly 50%"
    with pytest.raises(AssertionError):
        check_outcome_against_its_quote("test", {"change": -50, "quote": quote}, sources)
    with pytest.raises(AssertionError):
        check_outcome_against_its_quote(
            "test", {"change": -60, "qualifier": "nearly", "quote": quote}, sources
        )
    check_outcome_against_its_quote("test", {"change": -50, "qualifier": "nearly", "quote": quote}, sources)


def pioneer_fact_text(entry):
    fields = ["summary", "key_features", "achievements", "population_note", "lead_organisation"]
    return " ".join(
        [str(entry.get(name, "")) for name in fields]
        + entry.get("partners", [])
        + entry.get("client_groups", [])
    )


def test_every_figure_in_pioneer_facts_is_in_the_sources(sources):
    for entry in fixture("pioneers"):
        if entry.get("population_covered"):
            assert Decimal(entry["population_covered"]) in sources["numbers"], entry["slug"]
        for number in numbers_in(pioneer_fact_text(entry)):
            assert number in sources["numbers"] or allowed_number(number), (entry["slug"], number)


def test_every_figure_in_case_study_text_is_in_the_sources(sources):
    for entry in fixture("case_studies")["entries"]:
        text = " ".join([entry["summary"], *[item for item in entry["body"] if isinstance(item, str)]])
        for number in numbers_in(text):
            assert number in sources["numbers"] or allowed_number(number), (entry["slug"], number)


def quoted_phrases(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("report_bullet", "quote", "sources", "i_statements"):
                yield from quoted_phrases(item)
    elif isinstance(value, list):
        for item in value:
            yield from quoted_phrases(item)
    elif isinstance(value, str):
        yield from (phrase for phrase in QUOTED.findall(value) if len(phrase) >= 3)


@pytest.mark.parametrize(
    "name", ["case_studies", "pioneers", "events", "toolkits", "collections", "editors_picks"]
)
def test_every_quoted_phrase_in_the_fixtures_is_in_the_sources(sources, name):
    allowed = {normalise_text(phrase) for phrase in ALLOWLIST["quotes"]}
    missing = [
        phrase
        for phrase in quoted_phrases(fixture(name))
        if normalise_text(phrase) not in sources["text"] and normalise_text(phrase) not in allowed
    ]
    assert not missing, f"{name}.yaml quotes words the sources do not contain: {missing}"


def test_the_allowlist_gives_a_reason_for_every_entry():
    for kind in ("numbers", "quotes"):
        for entry, reason in ALLOWLIST[kind].items():
            assert isinstance(reason, str) and len(reason) > 20, (kind, entry)


def test_the_check_catches_an_invented_figure(sources):
    """The check is not vacuous: the invented 13 teams and a 60% fall would be caught."""
    assert Decimal(55) in sources["numbers"] and Decimal(1480200) in sources["numbers"]
    assert Decimal(3000000) in numbers_in("£3m") and Decimal(3000000) in sources["numbers"]
    assert Decimal(987654) not in sources["numbers"]
    assert normalise_text("inverting the triangle") in sources["text"]
    assert normalise_text("a mental health crisis house") not in sources["text"]
