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

import math
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import vocabulary
from .documents import registry
from .vocabulary import stems, words

NAMES_SECONDS = 300  # pioneer and theme names change rarely; re-read at most this often

STOP_WORDS_FILE = Path(__file__).resolve().parent / "stopwords.txt"
STOP_WORDS = frozenset(
    word
    for line in STOP_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)
STOP_STEMS = frozenset(stem for word in STOP_WORDS for stem in stems(word))


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
    related: list = field(default_factory=list)  # themes the words are about, though none is named
    beside_themes: list = field(default_factory=list)  # see `words_beside_themes`

    @property
    def has_text(self):
        return bool(self.terms)

    @property
    def text(self):
        return " ".join(self.terms)

    def candidate_values(self):
        """{field: values} whose documents are results even without the words: the pioneers
        named and the themes a question is about (both backends add them)."""
        found = {}
        for r in [r for r in self.recognised if r.field == "pioneer"] + self.related:
            found.setdefault(r.field, []).append(r.value)
        return found

    def is_candidate(self, document):
        return any(
            set(values)
            & set(document.get(field) if isinstance(document.get(field), list) else [document.get(field)])
            for field, values in self.candidate_values().items()
        )


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
# Up to this many words, a query's strict form needs each word, or a phrase the vocabulary reads
# one as, whole ("PROM pilot" is "patient reported outcome measure" and "pilot"); a longer question
# needs only some of its words and counts a rewriting's words one by one.
LONG_QUERY = 4


def strict_minimum(count):
    """Elasticsearch's "2<75% 4<30%": up to two words all count, three or four three in four, a
    longer question 30% (rounded down, at least one)."""
    if count <= 2:
        return count
    return math.floor(count * 0.75) if count <= 4 else max(1, math.floor(count * 0.3))


RELATED_WEIGHT = 1.3  # a theme the question is about, though it names none
RELATED_TERMS = 5  # only a question this long is read for its themes: a short query says what it means
RELATED_MAX = 2
GENERIC_SHARE = 0.2  # a word in more than this share of the themes' profiles says nothing of which

_names = {"table": None, "read_at": 0.0}
_profiles = {"table": None, "read_at": 0.0}


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
    _profiles["table"] = None


def profile_table():
    """[(theme value, label, stems of its profile, its short name's stems no other theme uses)]
    and the weight of each stem that is not generic."""
    if _profiles["table"] is None or time.monotonic() - _profiles["read_at"] > NAMES_SECONDS:
        labels = registry.labels_for("themes")
        names = registry.names_for("themes")
        profiles = {
            value: set(stems(text)) - STOP_STEMS for value, text in registry.profiles_for("themes").items()
        }
        spread = {}
        for profile in profiles.values():
            for stem in profile:
                spread[stem] = spread.get(stem, 0) + 1
        most = max(2, GENERIC_SHARE * len(profiles))
        weights = {
            stem: math.log(1 + len(profiles) / count) for stem, count in spread.items() if count <= most
        }
        unique = {stem for stem, count in spread.items() if count == 1}
        rows = [
            (value, labels.get(value, value), profile, set(stems(names.get(value, [""])[-1])) & unique)
            for value, profile in profiles.items()
        ]
        generic = {stem for profile in profiles.values() for stem in profile} - set(weights)
        _profiles.update(table=(rows, weights), generic=generic, read_at=time.monotonic())
    return _profiles["table"]


def related_themes(terms, recognised):
    """The themes a query is about though it names none: "GPs and social workers working as one
    team" is about multi-disciplinary teams. The words (and the vocabulary's rewritings of them)
    are compared with each theme's profile (its name and description, as editors keep them): a
    theme shares two of its distinctive words with the query, or the word of its short name
    ("reablement", "workforce") that no other theme has. Words several themes use ("care",
    "health", "local") say nothing."""
    rows, weights = profile_table()
    alternatives = vocabulary.rules().alternatives(terms)
    asked = {stem for alternative in alternatives for stem in stems(" ".join(alternative))} - STOP_STEMS
    named = {r.value for r in recognised if r.field == "themes"}
    scored = []
    for value, label, profile, short_name in rows:
        shared = {stem for stem in asked & profile if stem in weights}
        if value in named or not shared or (len(shared) < 2 and not shared & short_name):
            continue
        scored.append((sum(weights[stem] for stem in shared), value, label))
    scored.sort(reverse=True)
    top = scored[:RELATED_MAX]
    return [Recognised("theme", "themes", value, label, "", RELATED_WEIGHT) for _score, value, label in top]


def generic_stems():
    """Stems so common across the themes' profiles ("care", "health") that they say nothing
    (worked out with the table, not on every query)."""
    profile_table()
    return _profiles["generic"]


def words_beside_themes(terms, recognised):
    """The words left when a named theme's own words are taken out, when they are distinctive:
    "mental health crisis" is also "crisis", so the crisis house, whose text never says "mental
    health", is found too. Pages with every word still rank first (they match both ways). Left-over
    words that most themes use ("dementia care" leaves "care") would find everything: then none."""
    named = {word for r in recognised if r.field == "themes" for word in r.phrase.split()}
    remainder = [term for term in terms if term not in named]
    if not named or not remainder or len(remainder) == len(terms):
        return []
    if set(stems(" ".join(remainder))) & (generic_stems() | STOP_STEMS):
        return []
    return remainder


def singular(word):
    """A word's singular, roughly, so a name is recognised in either number ("themed
    collections", "a case study", "webinars"); applied to both the name and the query."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def understand(query):
    """Read `query`: the words to match, and the names recognised in it."""
    tokens = words(query)
    taken = [False] * len(tokens)
    recognised = []
    weights = {facet_field: (param, weight) for facet_field, param, weight in RECOGNISED_FIELDS}
    singular_tokens = [singular(token) for token in tokens]
    for name_words, facet_field, value, label in name_table():
        wanted = tuple(singular(word) for word in name_words)
        for start in range(len(tokens) - len(name_words) + 1):
            span = range(start, start + len(name_words))
            found = tuple(singular_tokens[start : start + len(name_words)])
            if any(taken[i] for i in span) or found != wanted:
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
    terms = list(dict.fromkeys(terms))
    related = related_themes(terms, recognised) if len(terms) >= RELATED_TERMS else []
    return Understanding(
        terms=terms,
        recognised=recognised,
        upcoming=upcoming,
        related=related,
        beside_themes=words_beside_themes(terms, recognised),
    )


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


def is_unanswered(understanding, frequencies):
    """A short query that found few pages, one of whose words the site never uses, has no answer
    here: the pages it found have its other words only ("long covid clinic" found long-term
    conditions and clinical teams). A named pioneer's pages still answer (see `relaxed_terms`)."""
    terms = understanding.terms
    return (
        2 <= len(terms) <= LONG_QUERY
        and any(frequencies.get(f"t{i}", 0) == 0 for i in range(len(terms)))
        and not any(r.field == "pioneer" for r in understanding.recognised)
    )


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
