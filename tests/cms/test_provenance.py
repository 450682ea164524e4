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
