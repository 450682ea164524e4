"""What a query asks, read before either backend searches.

Practitioners type questions ("how do other areas stop frail elderly people bouncing back into
hospital"), places ("Kent pioneer") and kinds of content ("dementia webinars"). Before searching we
drop the question's scaffolding and stop words, and recognise pioneers (by name, short name and the
places in their name), regions, content types and themes. What is recognised boosts matching
documents; it never silently filters. The results page says what was understood and offers the
filter as a link ("Showing Kent first — only show Kent").

Names come from the content apps through the registry (`register_names`), so this module knows no
content type.
"""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import vocabulary
from .documents import registry
from .vocabulary import words

NAMES_SECONDS = 300  # pioneer and theme names change rarely; re-read at most this often

STOP_WORDS_FILE = Path(__file__).resolve().parent / "stopwords.txt"
STOP_WORDS = frozenset(
    word
    for line in STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)


@dataclass(frozen=True)
class Recognised:
    """A name found in the query: `param`/`value` are the facet filter it corresponds to."""

    param: str
    field: str
    value: str
    label: str
    phrase: str
    weight: float


@dataclass
class Understanding:
    terms: list  # the words to match as text: scaffolding, stop words and names taken out
    recognised: list = field(default_factory=list)
    upcoming: bool = False  # "upcoming", "next", "future" with an event word

    @property
    def has_text(self):
        return bool(self.terms)

    @property
    def text(self):
        return " ".join(self.terms)


# Facet fields whose names are recognised, the URL parameter each filters by, and how strongly a
# match lifts a document (a multiplier of its score). Pioneers and types are what a place or kind
# word asks for; regions and themes are broader.
RECOGNISED_FIELDS = [
    ("pioneer", "pioneer", 4.0),
    ("type", "type", 3.0),
    ("region", "region", 2.0),
    ("themes", "theme", 1.5),
]
UPCOMING_WORDS = {"upcoming", "future", "forthcoming", "next", "coming"}
TEXT_FIELDS = {"themes"}  # theme names are subject words: still matched as text as well

RELAX_BELOW = 5  # both backends relax a query whose strict form finds fewer results than this
RELAXED = "2<-50%"  # relaxed: two words, or half of more (rounded up), of the words the site has

_names = {"table": None, "read_at": 0.0}


COMPASS = {"north west": "nw", "north east": "ne", "south west": "sw", "south east": "se"}


def common_forms(name):
    """A name and its usual abbreviations: "North West London" is also "NW London"."""
    forms = [name]
    for words_, short in COMPASS.items():
        if words_ in name.lower():
            forms.append(re.sub(words_, short, name, flags=re.IGNORECASE))
    return forms


def name_table():
    """[(words of a name, field, value, label)], longest names first."""
    if _names["table"] is None or time.monotonic() - _names["read_at"] > NAMES_SECONDS:
        table = []
        for facet_field, _param, _weight in RECOGNISED_FIELDS:
            labels = registry.labels_for(facet_field)
            for value, names in registry.names_for(facet_field).items():
                for form in [form for name in names for form in common_forms(name)]:
                    name_words = tuple(words(form))
                    if name_words and not all(word in STOP_WORDS for word in name_words):
                        table.append((name_words, facet_field, value, labels.get(value, value)))
        table.sort(key=lambda row: len(row[0]), reverse=True)
        _names.update(table=table, read_at=time.monotonic())
    return _names["table"]


def forget_names():
    _names["table"] = None


def understand(query):
    """Read `query`: the words to match, and the names recognised in it."""
    tokens = words(query)
    taken = [False] * len(tokens)
    recognised = []
    weights = {facet_field: (param, weight) for facet_field, param, weight in RECOGNISED_FIELDS}
    for name_words, facet_field, value, label in name_table():
        for start in range(len(tokens) - len(name_words) + 1):
            span = range(start, start + len(name_words))
            if any(taken[i] for i in span) or tuple(tokens[start : start + len(name_words)]) != name_words:
                continue
            param, weight = weights[facet_field]
            if facet_field not in TEXT_FIELDS:
                for i in span:
                    taken[i] = True
            if not any(r.field == facet_field and r.value == value for r in recognised):
                recognised.append(Recognised(param, facet_field, value, label, " ".join(name_words), weight))
    upcoming = any(token in UPCOMING_WORDS for token in tokens) and any(
        r.field == "type" and r.value == "event" for r in recognised
    )
    kept = _vocabulary_phrases(tokens)
    terms = [
        token
        for i, token in enumerate(tokens)
        if not taken[i]
        and (i in kept or token not in STOP_WORDS)
        and not (upcoming and token in UPCOMING_WORDS)
    ]
    return Understanding(terms=list(dict.fromkeys(terms)), recognised=recognised, upcoming=upcoming)


def _vocabulary_phrases(tokens):
    """Positions of words inside a phrase of the vocabulary ("accident and emergency", "end of
    life"): there a stop word is part of the term and stays, or the rule could not match."""
    kept = set()
    for phrase in vocabulary.rules().expansions:
        if len(phrase) < 2 or not any(word in STOP_WORDS for word in phrase):
            continue
        for start in range(len(tokens) - len(phrase) + 1):
            if tuple(tokens[start : start + len(phrase)]) == phrase:
                kept.update(range(start, start + len(phrase)))
    return kept


def relaxed_terms(understanding, frequencies):
    """The words a relaxed query needs some of, [] to fall back on the pioneer the query names, or
    None when relaxing would only find noise.

    Words the site never uses are dropped. A long question keeps enough of its words for relaxing
    to be worth it; a short query about something the site does not cover ("tattoo removal",
    "prison healthcare") does not, and nothing is the honest answer. A named pioneer with words
    the site does not have ("Cheshire rehab") falls back on that pioneer's pages."""
    terms = understanding.terms
    known = [term for i, term in enumerate(terms) if frequencies.get(f"t{i}", 0) > 0]
    if len(terms) >= 2 and len(known) >= 2 and 2 * len(known) >= len(terms):
        return known
    if not known and any(r.field == "pioneer" for r in understanding.recognised):
        return []
    return None
