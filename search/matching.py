"""Would one document appear in a search's results? For saved-search alerts.

When something is published, a saved search should hear of it exactly when the search page would
list it. Asking a backend would mean one search per saved search, and at publish time the new item
may not be in the Elasticsearch index yet (indexing goes through the outbox). So the answer is
worked out from the document itself with the search's own rules, the same on either backend:
filters and visibility as `database_query._document_matches` applies them, and the words read by
`understanding.understand`, rewritten by the vocabulary and matched with the strict minimum
(`understanding.strict_minimum`, Elasticsearch's "2<75% 4<30%", a rewritten phrase counting as
one clause as in `database_ranking.Candidate.matches`) across the weighted fields. A
query that only names things ("Kent pioneer") matches what it names, as both backends do.

The relaxed second pass that rescues a search with few strict matches is left out on purpose: it
depends on the whole corpus, and an alert is a promise that the new item is about what was asked.
"""

from . import vocabulary
from .database_query import _document_matches, _is_named
from .database_ranking import Candidate
from .understanding import strict_minimum, understand
from .vocabulary import stemmer

_readings = {"rules": None, "by_query": {}}
MAX_READINGS = 50_000


def reading(query):
    """(understanding, stemmed rewritings as clauses) of `query`, kept while the vocabulary's rules stay
    the same: reading a query costs more than matching it, and saved searches repeat."""
    rules = vocabulary.rules()
    if _readings["rules"] is not rules or len(_readings["by_query"]) > MAX_READINGS:
        _readings.update(rules=rules, by_query={})
    cached = _readings["by_query"].get(query)
    if cached is None:
        understanding = understand(query)
        rewritings = rules.rewritings(understanding.terms) if understanding.has_text else []
        stemmed = [
            [tuple(dict.fromkeys(stemmer.stemWords(list(clause)))) for clause in rewriting]
            for rewriting in rewritings
        ]
        cached = _readings["by_query"][query] = (understanding, [clauses for clauses in stemmed if clauses])
    return cached


class DocumentMatcher:
    """Answers `matches(request)` for one document; the document is stemmed once, however many
    saved searches are asked about it."""

    def __init__(self, document):
        self.document = document
        self.candidate = Candidate.of(document)

    def matches(self, request):
        if not _document_matches(self.document, request):
            return False
        if request.is_browse:
            return True
        understanding, rewritings = reading(request.query)
        if not understanding.has_text:
            if not understanding.recognised and not understanding.upcoming:
                return True  # nothing but stop words: the search page shows everything
            return _is_named(self.document, understanding)
        return any(self.candidate.matches(rewriting, strict_minimum) for rewriting in rewritings)
