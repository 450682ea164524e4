"""The documents the database search reads: every searchable document, built once per content
generation and held by each worker, so a search is a lookup in memory instead of building each
candidate's document (its themes, outcomes and tags) again on every request.

The content apps say when their content changed (`DocumentRegistry.register_generation`: in ICASE,
the content generation every save bumps, in every worker at once); with no generation to go by,
the store is built afresh for each search. Each document's stems are counted once here too, which
is what the ranking (`database_ranking.Candidate`) compares."""

import logging

from .database_ranking import Candidate, spelling_vocabulary
from .documents import registry
from .vocabulary import stemmer

logger = logging.getLogger(__name__)


class DocumentStore:
    def __init__(self, documents):
        self.documents = documents
        self._candidates = {document["id"]: Candidate.of(document) for document in documents}
        public = [document for document in documents if "public" in document["visibility"]]
        # Did-you-mean offers only words of public titles and summaries, never one from something
        # the visitor cannot see.
        self.public_vocabulary = spelling_vocabulary(public)

    def candidate(self, document):
        return self._candidates.get(document["id"]) or Candidate.of(document)

    def having_any(self, words):
        """Documents with any of `words` (stemmed) in a searched field, in store order."""
        wanted = set(stemmer.stemWords([word.lower() for word in words]))
        return [
            document
            for document in self.documents
            if any(self._candidates[document["id"]].has(stem) for stem in wanted)
        ]


def current_store():
    """This generation's store (built by the first search after a change)."""
    return registry.per_generation(
        "database-search-documents", lambda: DocumentStore(list(registry.all_documents()))
    )
