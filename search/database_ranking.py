"""Ranking for the database search, so that `make run` is a good search in its own right.

Wagtail's database backends find candidate pages (any of the words, stemmed by SQLite's FTS5 or
PostgreSQL's full-text search; the document store adds discussions, members and barriers, which
they do not index); this module ranks them the way the Elasticsearch query does: the same
weighted fields (`schema.py`), BM25-style term weights, the same strict-then-relaxed rule
(`understanding.relaxed_terms`), the same lifts for recognised names and type weights, and the
words as typed in the title counting most.
"""

import math
import re
from dataclasses import dataclass

from django.utils import timezone

from .documents import registry
from .schema import FIELDS
from .understanding import LONG_QUERY, RELAX_BELOW, is_unanswered, relaxed_terms, strict_minimum
from .vocabulary import rules as vocabulary_rules
from .vocabulary import stemmer, stems, words

TEXT_WEIGHTS = {f.name: float(f.boost) for f in FIELDS if f.boost}
SATURATION = 1.2  # BM25's k1: the tenth mention of a word adds little to the first
RELATED_SCORE = 3.0


def relaxed_minimum(count):
    """Elasticsearch's "2<-50%": up to two words all count, beyond that half (rounded up)."""
    return count if count <= 2 else count - math.floor(count * 0.5)


@dataclass
class Candidate:
    document: dict
    fields: dict  # field name -> {stem: count}

    @classmethod
    def of(cls, document):
        fields = {}
        for name in TEXT_WEIGHTS:
            value = document.get(name) or ""
            text = " ".join(value) if isinstance(value, list) else str(value)
            counts = {}
            for stem in stems(text):
                counts[stem] = counts.get(stem, 0) + 1
            fields[name] = counts
        return cls(document, fields)

    def has(self, stem):
        return any(stem in counts for counts in self.fields.values())

    def matches(self, rewriting, minimum, strict=True):
        """Whether the document has enough of `rewriting`. A short query's strict form needs its
        clauses (every word of a phrase clause), as Elasticsearch's synonym graph counts them; a
        longer question, which needs only some of its words, and any relaxed query count the
        rewriting's words one by one, so a rewriting adds the words it brings ("A&E" read as
        "accident and emergency") to the ones that count."""
        if strict and len(rewriting) <= LONG_QUERY:
            found = sum(1 for clause in rewriting if all(self.has(stem) for stem in clause))
            return found >= minimum(len(rewriting))
        flat = list(dict.fromkeys(stem for clause in rewriting for stem in clause))
        return sum(1 for stem in flat if self.has(stem)) >= minimum(len(flat))

    def weight_of(self, stem):
        total = 0.0
        for name, counts in self.fields.items():
            count = counts.get(stem, 0)
            if count:
                total += TEXT_WEIGHTS[name] * count / (count + SATURATION)
        return total


def _lift(document, understanding):
    lift = registry.type_weights().get(document["type"], 1.0)
    for recognised in understanding.recognised + understanding.related:
        value = document.get(recognised.field)
        if recognised.value == value or (isinstance(value, list) and recognised.value in value):
            lift *= recognised.weight
    if understanding.upcoming and (document.get("event_start") or "") >= timezone.now().isoformat():
        lift *= 3
    return lift


def rank(documents, understanding, rewritings, query, corpus_size, candidate_of=None):
    """`documents` in the order to show them: strict matches, then (when they are few) relaxed ones.
    `rewritings` are the query's readings as clauses (`vocabulary.Rules.rewritings`): the minimum
    of a short query counts clauses (`Candidate.matches`), so a long rewriting of one word ("PROM"
    as "patient reported outcome measure") must be there whole, not any one of its words.
    `candidate_of` gives a document's counted stems (the document store counts them once)."""
    candidates = [(candidate_of or Candidate.of)(document) for document in documents]
    stemmed = [
        [tuple(dict.fromkeys(stemmer.stemWords(list(clause)))) for clause in rewriting]
        for rewriting in rewritings
    ]
    all_stems = {stem for rewriting in stemmed for clause in rewriting for stem in clause}
    frequency = {stem: sum(1 for c in candidates if c.has(stem)) for stem in all_stems}
    size = max(corpus_size, len(candidates), 1)
    idf = {stem: math.log(1 + (size - df + 0.5) / (df + 0.5)) for stem, df in frequency.items()}
    typed = " ".join(words(query))

    def typed_in_title(candidate):
        """The words as typed make up the title (a known item) or appear in it, in order."""
        title = " ".join(words(candidate.document["title"]))
        return 2.0 if typed and typed == title else 1.0 if typed and typed in title else 0.0

    def score(candidate, rewriting):
        unique = dict.fromkeys(stem for clause in rewriting for stem in clause)
        text = sum(idf[stem] * candidate.weight_of(stem) for stem in unique)
        text += TEXT_WEIGHTS["title"] * 2 * typed_in_title(candidate)
        return text * _lift(candidate.document, understanding)

    def named_score(candidate):
        return _lift(candidate.document, understanding) * (1 + typed_in_title(candidate))

    def tier(minimum, strict=True):
        chosen = []
        for candidate in candidates:
            best = [
                score(candidate, rewriting)
                for rewriting in stemmed
                if rewriting and candidate.matches(rewriting, minimum, strict)
            ]
            if not best and understanding.is_candidate(candidate.document):
                # A named pioneer's page or a related theme's, as in the Elasticsearch query.
                best = [RELATED_SCORE * _lift(candidate.document, understanding)]
            if best:
                chosen.append((max(best), candidate.document))
        return [document for _score, document in sorted(chosen, key=lambda pair: -pair[0])]

    if not stemmed:  # only names: whatever they name, best lifted first
        scored = [(named_score(c), c.document) for c in candidates]
        return [document for _lift_value, document in sorted(scored, key=lambda pair: -pair[0])]
    strict = tier(strict_minimum)
    if len(strict) >= RELAX_BELOW:
        return strict
    term_frequencies = {
        f"t{i}": _frequency_of(term, candidates) for i, term in enumerate(understanding.terms)
    }
    if is_unanswered(understanding, term_frequencies):
        return []
    known = relaxed_terms(understanding, term_frequencies)
    if known is None:
        return strict
    if not known:  # only the pioneer it names: its pages, strict matches first
        seen = {id(document) for document in strict}
        named = [(named_score(c), c.document) for c in candidates]
        return strict + [
            d for _lift_value, d in sorted(named, key=lambda pair: -pair[0]) if id(d) not in seen
        ]
    unknown = set(stemmer.stemWords([term for term in understanding.terms if term not in known]))
    stemmed = [
        [kept for clause in rewriting if (kept := tuple(stem for stem in clause if stem not in unknown))]
        for rewriting in stemmed
    ]
    seen = {id(document) for document in strict}
    return strict + [document for document in tier(relaxed_minimum, strict=False) if id(document) not in seen]


def _frequency_of(term, candidates):
    """How many candidates have `term` or a rewriting of it ("BCF" as "better care fund"), as
    Elasticsearch's analyzer, which expands the vocabulary, counts it."""
    readings = [stemmer.stemWords(list(clause)) for [clause] in vocabulary_rules().rewritings([term])]
    return sum(1 for c in candidates if any(all(c.has(stem) for stem in reading) for reading in readings))


def spelling_vocabulary(documents):
    """The words of the titles and summaries of `documents`: what did-you-mean may offer."""
    vocabulary = set()
    for document in documents:
        vocabulary.update(re.findall(r"[a-z]{4,}", f"{document['title']} {document['summary']}".lower()))
    return vocabulary
