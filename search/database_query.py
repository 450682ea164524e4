"""The database side of site search: the same request answered from Wagtail's database backend
(candidate pages) and the documents kept per content generation (`document_store.py`) when
Elasticsearch is not configured (`make run`) or unavailable, with facets counted over the
matching documents."""

import difflib
import re
from contextlib import nullcontext
from dataclasses import replace

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Page

from . import vocabulary
from .database_ranking import rank, stems
from .document_store import current_store
from .index import acronyms
from .request import SNIPPET_LENGTH, Result, SearchRequest
from .schema import FACETS
from .understanding import STOP_STEMS, understand
from .vocabulary import edits


def _document_matches(document, request):
    if not set(document["visibility"]) & set(request.visibility):
        return False
    for facet in FACETS:
        selected = request.filters.get(facet.param)
        if not selected:
            continue
        value = document.get(facet.field)
        values = value if isinstance(value, list) else [value]
        if not set(selected) & set(v for v in values if v):
            return False
    is_upcoming = bool(document.get("event_start")) and document["event_start"] >= timezone.now().isoformat()
    return is_upcoming or not request.upcoming


def _is_wanted(word, wanted):
    stemmed = stems(word)
    return bool(stemmed) and stemmed[0] in wanted


def _marked(text, wanted):
    """Escaped `text` with every whole word whose stem a query word shares wrapped in <mark>
    (so "for" never lights up inside "forms")."""
    return re.sub(
        r"[^\W_]+",
        lambda match: (
            f"<mark>{match.group(0)}</mark>" if _is_wanted(match.group(0), wanted) else match.group(0)
        ),
        escape(text),
    )


def _highlight(text, wanted, length=None):
    """Cut a window of `length` around the first matching word, then mark the matching words."""
    if length and len(text) > length:
        first = next((m.start() for m in re.finditer(r"[^\W_]+", text) if _is_wanted(m.group(0), wanted)), 0)
        start = max(0, first - length // 3)
        window = text[start : start + length]
        if start:
            window = window.split(" ", 1)[-1]  # start on a whole word
        window = window.rsplit(" ", 1)[0] if start + length < len(text) else window
        text = ("…" if start else "") + window + ("…" if start + length < len(text) else "")
    return _marked(text, wanted)


def _matching(text, words_to_find):
    """Candidates for `text` (any word): pages from Wagtail's database backend, the rest (which
    it does not index) from the store, all as the store's documents."""
    store = current_store()
    # Inside a transaction (a test, a view that writes), a savepoint keeps a refused query from
    # aborting it on PostgreSQL; in autocommit a refused query aborts nothing.
    with transaction.atomic() if connection.in_atomic_block else nullcontext():
        hits = [page.pk for page in Page.objects.live().search(text, operator="or")[:500]]
    # The store holds exactly the live, public pages of the searched types: a hit it lacks (a
    # private page, another type) is dropped here, with no query for the view restrictions.
    pages = [store.page_documents[pk] for pk in hits if pk in store.page_documents]
    return pages + store.others_having_any(words_to_find)


def _candidates(words_to_find):
    """Wagtail's database backends pass some punctuation on as query syntax (SQLite's FTS5 reads a
    `"` inside a term as the end of a quoted string), so the words reach them without it; should a
    backend still refuse what is left, the search finds nothing rather than failing (inside a
    transaction each attempt runs in a savepoint, so a refused query does not abort it)."""
    unquoted = " ".join(" ".join(words_to_find).replace('"', " ").split())
    for text in dict.fromkeys([unquoted, " ".join(re.findall(r"\w+", unquoted))]):
        if not text:
            break
        try:
            return _matching(text, words_to_find)
        except DatabaseError:
            continue
    return []


def _is_named(document, understanding):
    for recognised in understanding.recognised:
        value = document.get(recognised.field)
        if recognised.value == value or (isinstance(value, list) and recognised.value in value):
            return True
    return understanding.upcoming and (document.get("event_start") or "") >= timezone.now().isoformat()


def _respellings(understanding, documents):
    """{typed word: the public title or summary word it was probably meant as}, for the words no
    visible candidate has (never an acronym, a short word or one with digits)."""
    text = " ".join(f"{d['title']} {d['summary']} {d['body']}" for d in documents).lower()
    known = acronyms()
    public_words = current_store().public_vocabulary
    found = {}
    for term in understanding.terms:
        if len(term) < 4 or any(ch.isdigit() for ch in term) or term in known or stems(term)[0] in text:
            continue
        # Close by spelling, or one slip away after the same first letter, as Elasticsearch's
        # fuzzy matching allows ("esteme" for "esteem" is only 0.83 alike by difflib's measure;
        # "dental" is not a slip for "mental").
        close = [
            word
            for word in difflib.get_close_matches(term, public_words, n=3, cutoff=0.75)
            if difflib.SequenceMatcher(None, term, word).ratio() >= 0.85
            or (word[0] == term[0] and edits(term, word) <= 1)
        ]
        if close and stems(close[0]) != stems(term):  # "charges" absent is not a typo of "charge"
            found[term] = close[0]
    return found


def _suggestion(query, respellings):
    suggestion = query
    for term, respelt in respellings.items():
        suggestion = re.sub(rf"(?i)\b{re.escape(term)}\b", respelt, suggestion)
    return suggestion if suggestion.lower() != query.lower() else None


def _ranked(understanding, request):
    """(ranked visible documents, the words looked for) for one reading of the query."""
    rules = vocabulary.rules()
    store = current_store()
    rewritings = rules.rewritings(understanding.terms) if understanding.has_text else []
    rewritings += rules.rewritings(understanding.beside_themes) if understanding.beside_themes else []
    words_to_find = list(
        dict.fromkeys(word for rewriting in rewritings for clause in rewriting for word in clause)
    )
    if words_to_find:
        found = _candidates(words_to_find)
        if understanding.candidate_values():
            seen = {document["id"] for document in found}
            found += [
                document
                for document in store.documents
                if document["id"] not in seen and understanding.is_candidate(document)
            ]
    else:
        found = [document for document in store.documents if _is_named(document, understanding)]
    visible = [document for document in found if set(document["visibility"]) & set(request.visibility)]
    ranked = rank(
        visible, understanding, rewritings, request.query, len(store.documents), candidate_of=store.candidate
    )
    return ranked, words_to_find, visible


def _count_facets(documents, request):
    facets = {}
    for facet in FACETS:
        others = SearchRequest(
            query=request.query,
            filters={k: v for k, v in request.filters.items() if k != facet.param},
            upcoming=request.upcoming,
            visibility=request.visibility,
        )
        counts = {}
        for document in documents:
            if _document_matches(document, others):
                value = document.get(facet.field)
                for item in value if isinstance(value, list) else [value]:
                    if item:
                        counts[item] = counts.get(item, 0) + 1
        facets[facet.param] = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    return facets


def search_database(request, understanding=None):
    """The fallback search: candidates from the database's full-text search (and, for what it does
    not index, the store), ranked by `database_ranking.rank` like the Elasticsearch query."""
    understanding = understanding or understand(request.query)
    suggestion = None
    wanted = set()
    if request.is_browse:
        documents = list(current_store().documents)
    else:
        documents, words_to_find, visible = _ranked(understanding, request)
        respellings = _respellings(understanding, visible) if understanding.has_text else {}
        if respellings:
            # Typo tolerance, as Elasticsearch's fuzzy matching gives: a word no visible document
            # has is read as the public word it is closest to; those matches come first, then
            # whatever the words as typed found.
            suggestion = _suggestion(request.query, respellings)
            respelt = replace(understanding, terms=[respellings.get(t, t) for t in understanding.terms])
            more, more_words, _visible = _ranked(respelt, request)
            seen = {document["id"] for document in more}
            documents = more + [document for document in documents if document["id"] not in seen]
            words_to_find += more_words
        # Stop words in a rewriting ("going into hospital") are matched but never highlighted.
        wanted = {stem for word in words_to_find for stem in stems(word)} - STOP_STEMS
    facets = _count_facets(documents, request)
    selected = [document for document in documents if _document_matches(document, request)]
    if request.sort == "newest" or request.is_browse:
        selected.sort(key=lambda d: d.get("published_at") or "", reverse=True)
    start = (request.page - 1) * request.page_size
    results = []
    for document in selected[start : start + request.page_size]:
        in_body = any(stem in wanted for stem in stems(document["body"]))
        snippet = _highlight(document["body"] if in_body else document["summary"], wanted, SNIPPET_LENGTH)
        results.append(
            Result.from_document(document, snippet=snippet, title_html=_marked(document["title"], wanted))
        )
    return results, len(selected), facets, suggestion, None
