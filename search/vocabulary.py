"""The field's vocabulary at query time: acronyms, synonyms and everyday phrases for the same thing.

One list serves both backends. The rules are `search/synonyms.txt` (reviewed, deployed with the code)
plus the programme editors' rules (Search synonyms in the admin). Elasticsearch also compiles them
into its query analyzer when the index is built; expanding them here as well means an editor's new
rule works in the very next search, in Elasticsearch and in the database search alike, without
waiting for a rebuild.
"""

import re
import threading
import time
from dataclasses import dataclass

import snowballstemmer

from .index import editor_synonyms, file_synonyms

RULES_SECONDS = 60  # editors' rules are re-read at most this often per process
MAX_ALTERNATIVES = 6


def words(text):
    """Lower-case words as both backends see them: "A&E" stays one word (ae), hyphens split."""
    text = re.sub(r"(?i)\ba\s*&\s*e\b", "ae", text or "")
    return re.findall(r"[^\W_]+", text.lower().replace("&", " and "))


class _Stemmer:
    """Snowball's English stemmer, one per thread: it keeps the word it is working on in itself,
    so two threads sharing one (a threaded server searching while it builds the document store)
    corrupt each other's words."""

    def __init__(self):
        self._local = threading.local()

    def stemWords(self, words):  # noqa: N802 - Snowball's own name for it
        english = getattr(self._local, "english", None)
        if english is None:
            english = self._local.english = snowballstemmer.stemmer("english")
        return english.stemWords(words)


stemmer = _Stemmer()


def stems(text):
    """The English stems of `text`'s words, as the database search and query reading compare them."""
    return stemmer.stemWords(words(text))


def edits(typed, meant):
    """Edits (a letter added, dropped, changed or two swapped) between two words."""
    previous, current = None, list(range(len(meant) + 1))
    for i, a in enumerate(typed, 1):
        before, previous, current = previous, current, [i] + [0] * len(meant)
        for j, b in enumerate(meant, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if before and i > 1 and j > 1 and a == meant[j - 2] and typed[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)
    return current[-1]


@dataclass(frozen=True)
class Rules:
    """phrase (a tuple of words) -> the phrases it may be replaced by."""

    expansions: dict

    def alternatives(self, terms):
        """`terms` rewritten with each rule whose phrase it contains, the original first, each
        rewriting a flat list of words (see `rewritings`)."""
        return [[word for clause in rewriting for word in clause] for rewriting in self.rewritings(terms)]

    def rewritings(self, terms):
        """`terms` rewritten with each rule whose phrase it contains, the original first; when
        several phrases match, also all of them rewritten at once ("IG data sharing s251" is also
        "information governance data sharing section 251"). Each rewriting is a list of clauses: a
        word of the query is a clause of one word, a replacement phrase one clause however long, so
        "PROM pilot" read as "patient reported outcome measure pilot" still has two things to find,
        as Elasticsearch's synonym graph counts them, not five of which any one would do."""
        original = [(term,) for term in terms]
        found = [original]
        combined = list(original)
        for phrase in sorted(self.expansions, key=len, reverse=True):
            start = _find_clauses(combined, phrase)
            if start is not None:
                combined[start : start + len(phrase)] = [self.expansions[phrase][0]]
        if combined != original:
            found.append(combined)
        for phrase in sorted(self.expansions, key=len, reverse=True):
            start = _find(terms, phrase)
            if start is None:
                continue
            for replacement in self.expansions[phrase]:
                rewritten = original[:start] + [tuple(replacement)] + original[start + len(phrase) :]
                if rewritten not in found:
                    found.append(rewritten)
                if len(found) >= MAX_ALTERNATIVES:
                    return found
        return found

    def phrases_starting(self, prefix):
        """Every phrase an autocomplete prefix could be the start of, with its equivalents."""
        prefix = " ".join(words(prefix))
        matches = []
        for phrase, replacements in self.expansions.items():
            if " ".join(phrase).startswith(prefix):
                matches += [" ".join(replacement) for replacement in replacements]
        return list(dict.fromkeys(matches))


def _find_clauses(clauses, phrase):
    """Where `phrase` starts among clauses still one word each (a replaced phrase is not re-read)."""
    for start in range(len(clauses) - len(phrase) + 1):
        window = clauses[start : start + len(phrase)]
        if all(len(clause) == 1 for clause in window) and tuple(c[0] for c in window) == phrase:
            return start
    return None


def _find(terms, phrase):
    for start in range(len(terms) - len(phrase) + 1):
        if tuple(terms[start : start + len(phrase)]) == phrase:
            return start
    return None


def parse(lines):
    """Solr-format rules: "a, b, c" are equivalent; "a, b => c" rewrites a or b as c."""
    expansions = {}
    for line in lines:
        if "=>" in line:
            left, right = line.split("=>", 1)
            sources = [tuple(words(term)) for term in left.split(",")]
            targets = [tuple(words(term)) for term in right.split(",")]
        else:
            sources = targets = [tuple(words(term)) for term in line.split(",")]
        for source in filter(None, sources):
            others = [target for target in targets if target and target != source]
            existing = expansions.setdefault(source, [])
            existing += [target for target in others if target not in existing]
    return Rules(expansions)


_cache = {"rules": None, "read_at": 0.0}


def rules():
    """The file's rules and the editors', re-read every RULES_SECONDS (and when one is saved)."""
    if _cache["rules"] is None or time.monotonic() - _cache["read_at"] > RULES_SECONDS:
        _cache["rules"] = parse(file_synonyms() + editor_synonyms())
        _cache["read_at"] = time.monotonic()
    return _cache["rules"]


def forget_rules(**kwargs):
    """Signal receiver: an editor saved or deleted a rule; the next search reads the rules again."""
    _cache["rules"] = None
