"""The Elasticsearch side of site search: one request per results page returns hits, facet
counts, highlights and the spelling suggestion.

Facet counts for a field ignore that field's own selection (multi-select stays meaningful, as on
GOV.UK finders) because selected values are applied as a post_filter.
"""

import re

from django.utils.html import escape

from . import backend, vocabulary
from .documents import registry
from .index import acronyms, alias_name
from .request import SNIPPET_LENGTH, Result
from .schema import FACETS, FUZZY_FIELDS, SEARCH_FIELDS
from .understanding import (
    LONG_QUERY,
    RELAX_BELOW,
    RELAXED,
    STOP_WORDS,
    is_unanswered,
    relaxed_terms,
    strict_minimum,
    understand,
)


def _filter_clauses(request, exclude=None):
    clauses = []
    for facet in FACETS:
        if facet.param != exclude and request.filters.get(facet.param):
            clauses.append({"terms": {facet.field: request.filters[facet.param]}})
    if request.upcoming:
        clauses.append({"range": {"event_start": {"gte": "now"}}})
    return clauses


RELATED_SCORE = 5  # a page of a named pioneer or a related theme, though it has none of the words:
# above what one common word scores across a page's fields ("Kernow CCG": Cornwall before Kent's CCGs)
# A query of up to two words needs all of them, of three or four three in four; a longer one is a
# question, whose words are many and say the same thing several ways ("stop", "bouncing back",
# "hospital", "discharge"): 30% of them, the best covered first.
STRICT = "2<75% 4<30%"


def _match(text, minimum=STRICT, **extra):
    """The words across the weighted fields. The vocabulary's rewritings are separate clauses
    (`vocabulary.Rules.alternatives`), so the text is analysed without the synonym graph: a
    multi-word synonym inside the graph becomes one clause, and "reducing hospital admissions"
    then needed both "reducing" and the phrase, finding almost nothing."""
    return {
        "multi_match": {
            "query": text,
            "fields": SEARCH_FIELDS,
            "type": "cross_fields",
            # A word's matches in several fields add up (title, summary and body all saying
            # "crisis"), as the database ranking adds them, rather than the best field alone.
            "tie_breaker": 1.0,
            "analyzer": "icase_text",
            "minimum_should_match": minimum,
            **extra,
        }
    }


def _fuzzy(text, minimum=STRICT):
    # Typo tolerance for longer words only, on unstemmed fields, weighted low.
    return {
        "multi_match": {
            "query": text,
            "fields": FUZZY_FIELDS,
            "fuzziness": "AUTO:5,9",
            "prefix_length": 1,
            "max_expansions": 20,
            "minimum_should_match": minimum,
            "boost": 0.3,
        }
    }


def _counts_clauses(rewriting):
    """Whether a page qualifies by the rewriting's clauses rather than its words: a short query in
    which the vocabulary put a phrase in place of a word ("PROM pilot" read as "patient reported
    outcome measure" and "pilot"). A longer question counts the rewriting's words one by one."""
    if len(rewriting) > LONG_QUERY:
        return False
    return any(len([word for word in clause if word not in STOP_WORDS]) > 1 for clause in rewriting)


def _clause_match(clause, fuzzy):
    """Every word of one clause (a word, or the phrase the vocabulary reads it as), in any field."""
    text = " ".join(clause)
    options = [_match(text, "100%")] + ([_fuzzy(text, "100%")] if fuzzy else [])
    return options[0] if len(options) == 1 else {"bool": {"should": options, "minimum_should_match": 1}}


def _qualifying(rewriting, fuzzy):
    """The rule the database search applies (`Candidate.matches`): enough whole clauses, by the
    same `strict_minimum`, so "pilot" alone never matches "PROM pilot"."""
    return {
        "bool": {
            "should": [_clause_match(clause, fuzzy) for clause in rewriting],
            "minimum_should_match": strict_minimum(len(rewriting)),
        }
    }


def _text_query(terms, minimum=STRICT, fuzzy=True):
    """The words, or any rewriting of them by the vocabulary, matched across the weighted fields.
    Every rewriting scores as a match of its words; where a short query's rewriting is counted by
    clauses (`_counts_clauses`), that stricter match decides which pages qualify, without changing
    how they rank. A slip in another word still qualifies ("hospitl discharge" read as "hospitl"
    and "leaving hospital"): each clause may also match with typo tolerance."""
    rewritings = vocabulary.rules().rewritings(terms)
    texts = [" ".join(word for clause in rewriting for word in clause) for rewriting in rewritings]
    clauses = [_match(text, minimum) for text in texts]
    typo = [_fuzzy(" ".join(terms))] if fuzzy else []
    # A page scores by its best reading, as in the database ranking: summing the readings let a
    # long profile that happens to say "care homes", "nursing homes" and "residential care" outrank
    # the case study about care homes.
    scored = {"dis_max": {"queries": clauses + typo}}
    if minimum != STRICT or not any(_counts_clauses(rewriting) for rewriting in rewritings):
        return scored
    qualifying = []
    for rewriting, text in zip(rewritings, texts, strict=True):
        if _counts_clauses(rewriting):
            qualifying.append(_qualifying(rewriting, fuzzy))
            continue
        qualifying.append(_match(text, minimum))
        if fuzzy:
            qualifying.append(_fuzzy(text, minimum))
    return {
        "bool": {"must": [scored], "filter": [{"bool": {"should": qualifying, "minimum_should_match": 1}}]}
    }


def _recognised_clause(understanding):
    """For a query that is only names ("Kent pioneer", "upcoming events"): anything they name."""
    clauses = [{"term": {r.field: r.value}} for r in understanding.recognised]
    if understanding.upcoming:
        clauses.append({"range": {"event_start": {"gte": "now"}}})
    return {"bool": {"should": clauses or [{"match_all": {}}], "minimum_should_match": 1}}


def _named_candidates(understanding):
    """Pages of a pioneer the query names ("Kernow CCG", "Eltham test site") and of the themes a
    question is about are results even without the other words, ranked by the lifts below them:
    the words may be ones those pages do not use."""
    clauses = []
    pioneers = [r.value for r in understanding.recognised if r.field == "pioneer"]
    if pioneers:
        clauses.append(
            {"constant_score": {"filter": {"terms": {"pioneer": pioneers}}, "boost": RELATED_SCORE}}
        )
    if understanding.related:
        themes = [r.value for r in understanding.related]
        clauses.append({"constant_score": {"filter": {"terms": {"themes": themes}}, "boost": RELATED_SCORE}})
    return clauses


def _lifts(understanding):
    """Score multipliers: what the query names, upcoming events when asked, the weight of each type."""
    functions = [
        {"filter": {"term": {r.field: r.value}}, "weight": r.weight}
        for r in understanding.recognised + understanding.related
    ]
    if understanding.upcoming:
        functions.append({"filter": {"range": {"event_start": {"gte": "now"}}}, "weight": 3})
    functions += [
        {"filter": {"term": {"type": type_}}, "weight": weight}
        for type_, weight in registry.type_weights().items()
    ]
    return functions


def _term_frequencies(understanding, visibility):
    """How many visible documents each word matches, counted in the same request (a global
    aggregation ignores the query), so relaxing needs no extra round trip to decide. A word counts
    with its rewritings: no page says "BCF", many say "Better Care Fund"."""
    return {
        "global": {},
        "aggs": {
            "visible": {
                "filter": visibility,
                "aggs": {
                    f"t{i}": {"filter": _text_query([term], fuzzy=False)}
                    for i, term in enumerate(understanding.terms)
                },
            }
        },
    }


def build_query(request, collate=True, understanding=None, relax_to=None):
    """The whole Elasticsearch request body for one results page.

    `collate` asks the phrase suggester to keep only suggestions that match documents; it needs
    Elasticsearch's mustache module (present in the official distribution). Without it the caller
    checks a returned suggestion with one extra count request. `relax_to` is the relaxed request's
    list of words (see `relaxed_terms`): documents need some of them (or, for [], to be what the
    query names), and strict matches rank first.
    """
    understanding = understanding or understand(request.query)
    visibility = {"terms": {"visibility": request.visibility}}
    if request.is_browse:
        main = {"bool": {"must": {"match_all": {}}, "filter": [visibility]}}
    else:
        if relax_to is not None:
            relaxed = (
                _text_query(relax_to, RELAXED, fuzzy=False) if relax_to else _recognised_clause(understanding)
            )
            text = {
                "bool": {
                    "must": [relaxed],
                    "should": [_boosted(_text_query(understanding.terms), 3)],
                }
            }
        elif understanding.has_text:
            text = _text_query(understanding.terms)
            if understanding.beside_themes:
                text = {
                    "bool": {
                        "should": [text, _text_query(understanding.beside_themes, fuzzy=False)],
                        "minimum_should_match": 1,
                    }
                }
        else:
            text = _recognised_clause(understanding)
        candidates = _named_candidates(understanding)
        if candidates and understanding.has_text:
            text = {"bool": {"should": [text, *candidates], "minimum_should_match": 1}}
        main = {
            "function_score": {
                "query": {
                    "bool": {
                        "must": [text],
                        "should": [
                            {
                                "match_phrase": {
                                    "title.exact": {"query": request.query, "slop": 2, "boost": 5}
                                }
                            },
                            {
                                "match_phrase": {
                                    "summary.exact": {"query": request.query, "slop": 3, "boost": 2}
                                }
                            },
                            {"match_phrase": {"body.exact": {"query": request.query, "slop": 3, "boost": 1}}},
                            # Recency matters for time-sensitive types only (events have event_start).
                            {
                                "distance_feature": {
                                    "field": "event_start",
                                    "origin": "now",
                                    "pivot": "90d",
                                    "boost": 1.5,
                                }
                            },
                        ],
                        "filter": [visibility],
                    }
                },
                "functions": _lifts(understanding),
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }
        if not main["function_score"]["functions"]:
            main = main["function_score"]["query"]
    body = {
        "query": main,
        "from": (request.page - 1) * request.page_size,
        "size": request.page_size,
        "track_total_hits": True,
        "_source": ["id", "type", "url", "title", "summary", "display", "themes", "pioneer"],
        "aggs": {
            facet.param: {
                "filter": {"bool": {"filter": _filter_clauses(request, exclude=facet.param)}},
                "aggs": {"values": {"terms": {"field": facet.field, "size": 200}}},
            }
            for facet in FACETS
        },
    }
    if not request.is_browse and relax_to is None and understanding.terms:
        body["aggs"]["term_frequencies"] = _term_frequencies(understanding, visibility)
    post_filter = _filter_clauses(request)
    if post_filter:
        body["post_filter"] = {"bool": {"filter": post_filter}}
    if request.sort == "newest" or request.is_browse:
        body["sort"] = [{"published_at": {"order": "desc", "missing": "_last"}}, {"title.sort": "asc"}]
    if not request.is_browse:
        body["highlight"] = {
            # Highlight what the words and their synonyms matched; re-running the fuzzy
            # expansions for every hit was the largest part of Elasticsearch's time.
            "highlight_query": _highlight_query(request, understanding),
            "encoder": "html",
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "fields": {
                "title": {"number_of_fragments": 0},
                "summary": {"number_of_fragments": 0},
                "body": {"fragment_size": SNIPPET_LENGTH, "number_of_fragments": 1},
            },
        }
        if suggestion_allowed(request.query):
            body["suggest"] = {
                "text": request.query,
                "spelling": {
                    "phrase": {
                        "field": "spelling",
                        "size": 1,
                        "gram_size": 3,
                        "max_errors": 2,
                        "direct_generator": [
                            {"field": "spelling", "suggest_mode": "always", "min_word_length": 4}
                        ],
                    }
                },
            }
            if collate:
                body["suggest"]["spelling"]["phrase"]["collate"] = {
                    "query": {"source": _suggestion_check("{{suggestion}}", request.visibility)},
                    "prune": False,
                }
    return body


def _boosted(query, boost):
    return {"bool": {"should": [query], "boost": boost}}


def _highlight_query(request, understanding):
    """Highlight what the words and their rewritings matched (any of them), except stop words:
    a rewriting such as "going into hospital" matches as a phrase, but "into" lit up in every
    snippet is noise (the database search leaves them out the same way)."""
    if not understanding.has_text:
        texts = [request.query]
    else:
        texts = [" ".join(words) for words in vocabulary.rules().alternatives(understanding.terms)]
    texts = [" ".join(word for word in text.split() if word.lower() not in STOP_WORDS) for text in texts]
    texts = [text for text in texts if text]
    if not texts:
        return {"match_none": {}}
    return {"bool": {"should": [_match(text, minimum=1) for text in texts]}}


def suggestion_allowed(query):
    """Never 'correct' an acronym or a term with digits (s251, A&E, IG)."""
    known = acronyms()
    for token in re.findall(r"[\w&]+", query.lower()):
        if any(ch.isdigit() for ch in token) or "&" in token or token in known:
            return False
    return True


# What a results page reads from the response; Elasticsearch leaves out the rest (ids, scores,
# shard statistics), so less is serialised, sent and parsed. Empty parts are left out too.
RESULTS_PAGE_FIELDS = [
    "took",
    "hits.total.value",
    "hits.hits._source",
    "hits.hits.highlight",
    "aggregations.*.values.buckets.key",
    "aggregations.*.values.buckets.doc_count",
    "suggest.spelling.options.text",
    "aggregations.term_frequencies.visible.*.doc_count",
]


def _send(body):
    return backend.call(
        lambda client: client.search(index=alias_name(), filter_path=RESULTS_PAGE_FIELDS, **body).body
    )


def search_elasticsearch(request, understanding=None):
    """(results, total, facet counts, suggestion, milliseconds taken) for one results page.

    When the strict query finds fewer than RELAX_BELOW results, one more request relaxes it
    (see `relaxed_terms`); a query that finds enough, the common case, costs one round trip."""
    understanding = understanding or understand(request.query)
    collate = backend.supports_mustache()
    response = _send(build_query(request, collate=collate, understanding=understanding))
    took = response.get("took") or 0
    if not request.is_browse and response["hits"]["total"]["value"] < RELAX_BELOW:
        counted = response.get("aggregations", {}).get("term_frequencies", {}).get("visible", {})
        frequencies = {key: value["doc_count"] for key, value in counted.items() if isinstance(value, dict)}
        known = relaxed_terms(understanding, frequencies)
        if is_unanswered(understanding, frequencies):
            response["hits"] = {"total": {"value": 0}, "hits": []}
            response["aggregations"] = {}
        elif known is not None:
            strict_suggestion = response.get("suggest")
            response = _send(
                build_query(request, collate=collate, understanding=understanding, relax_to=known)
            )
            took += response.get("took") or 0
            if strict_suggestion:
                response["suggest"] = strict_suggestion
    results = []
    for hit in response["hits"].get("hits", []):
        source = hit["_source"]
        highlight = hit.get("highlight", {})
        snippet = (highlight.get("body") or highlight.get("summary") or [escape(source.get("summary", ""))])[
            0
        ]
        title_html = (highlight.get("title") or [None])[0]
        results.append(Result.from_document(source, snippet.strip(), title_html))
    facets = {}
    for facet in FACETS:
        buckets = response.get("aggregations", {}).get(facet.param, {}).get("values", {}).get("buckets", [])
        facets[facet.param] = [(bucket["key"], bucket["doc_count"]) for bucket in buckets]
    suggestion = None
    options = [
        option
        for entry in response.get("suggest", {}).get("spelling", [])
        for option in entry.get("options", [])
    ]
    if options and options[0]["text"].lower() != request.query.lower():
        suggestion = options[0]["text"]
        if not collate and not _has_matches(suggestion, request.visibility):
            suggestion = None
    return results, response["hits"]["total"]["value"], facets, suggestion, took


def _suggestion_check(text, visibility):
    """A query matching documents the visitor may see that contain every word of `text`.

    The phrase suggester draws its candidate words from the whole index, private threads and
    member profiles included; a suggestion is offered only when this finds a document, so no
    word reaches a visitor from a document they cannot see."""
    return {
        "bool": {
            "must": {"match": {"spelling": {"query": text, "operator": "and"}}},
            "filter": {"terms": {"visibility": list(visibility)}},
        }
    }


def _has_matches(text, visibility):
    query = _suggestion_check(text, visibility)
    return backend.call(lambda client: client.count(index=alias_name(), query=query))["count"] > 0
