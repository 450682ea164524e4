"""The documents the database search reads: every searchable document, built once per content
generation and held by each worker, so a search is a lookup in memory instead of building each
candidate's document (its themes, outcomes and tags) again on every request.

The content apps say when their content changed (`DocumentRegistry.register_generation`: in ICASE,
the content generation every save bumps, in every worker at once); with no generation to go by,
the store is built afresh for each search. Each document's stems are counted once here too, which
is what the ranking (`database_ranking.Candidate`) compares. The database's full-text search
(SQLite's FTS5 with stemming, PostgreSQL's full-text search) still picks the candidate pages; the
store only saves building their documents again."""

from wagtail.models import Page

from .database_ranking import Candidate, spelling_vocabulary
from .documents import registry
from .vocabulary import stemmer


class DocumentStore:
    def __init__(self, documents, page_documents=None):
        self.documents = documents
        self.page_documents = page_documents or {}  # page pk -> its document
        page_ids = {id(document) for document in self.page_documents.values()}
        self.other_documents = [document for document in documents if id(document) not in page_ids]
        self._candidates = {document["id"]: Candidate.of(document) for document in documents}
        public = [document for document in documents if "public" in document["visibility"]]
        # Did-you-mean offers only words of public titles and summaries, never one from something
        # the visitor cannot see.
        self.public_vocabulary = spelling_vocabulary(public)

    def candidate(self, document):
        return self._candidates[document["id"]]

    def others_having_any(self, words):
        """Documents that are not pages (discussions, members, barriers) with any of `words`
        (stemmed) in a searched field; pages are found by the database's full-text search."""
        wanted = set(stemmer.stemWords([word.lower() for word in words]))
        return [
            document
            for document in self.other_documents
            if any(self._candidates[document["id"]].has(stem) for stem in wanted)
        ]


def _build():
    documents, page_documents = [], {}
    for obj, document in registry.all_objects_and_documents():
        documents.append(document)
        if isinstance(obj, Page):
            page_documents[obj.pk] = document
    return DocumentStore(documents, page_documents)


def current_store():
    """This generation's store (built by the first search after a change)."""
    return registry.per_generation("database-search-documents", _build)
