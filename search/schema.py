"""The search document's schema, declared once.

Every field of the one document shape that all types share is listed here with its
Elasticsearch mapping, its default value in a document, its weight when text is searched and,
for filterable fields, the facet it is offered as. The index mapping (`MAPPINGS`), the defaults a
document starts from (`document_defaults`), the facets (`FACETS`) and the weighted field list
of the text query (`SEARCH_FIELDS`, `FUZZY_FIELDS`) are derived from this list, so adding or
changing a field is one edit.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    """A filterable keyword field: `param` is the URL parameter, `field` the index field."""

    param: str
    field: str
    label: str


@dataclass(frozen=True)
class Field:
    name: str
    mapping: dict
    default: object = None
    boost: float | None = None  # weight in the text query; None: not searched as text
    searched_as: str = ""  # the (sub)field the text query reads, when not the field itself
    fuzzy_boost: float | None = None  # weight of typo-tolerant matching on its unstemmed text
    facet: tuple | None = None  # (URL parameter, label) when offered as a filter
    derived: bool = False  # filled in by SearchDocument.to_document, never by a document class


def text(**subfields):
    """Stemmed English text with synonyms at query time, plus an unstemmed `.exact` subfield."""
    return {
        "type": "text",
        "analyzer": "icase_text",
        "search_analyzer": "icase_search",
        "fields": {"exact": {"type": "text", "analyzer": "icase_exact"}, **subfields},
    }


KEYWORD = {"type": "keyword"}

FIELDS = [
    Field("id", KEYWORD, derived=True),
    Field("type", KEYWORD, derived=True, facet=("type", "Type")),
    Field("url", {"type": "keyword", "index": False}, derived=True),
    Field(
        "title",
        text(
            autocomplete={
                "type": "text",
                "analyzer": "icase_autocomplete",
                "search_analyzer": "icase_exact",
            },
            sort=KEYWORD,
        ),
        derived=True,
        # Field weights: a word's matches in several fields add up (see elasticsearch_query._match),
        # so the title need not outweigh everything else: title 6, summary 3, listed details 2.
        boost=6,
        fuzzy_boost=3,
    ),
    Field("acronyms", text(), default="", boost=10),
    Field("summary", text(), default="", boost=3, fuzzy_boost=2),
    Field("body", text(), default="", boost=1),
    # What a page lists rather than says (measured outcomes, population groups, organisations, a
    # toolkit's kind and files): searched like the body, never cut into a snippet.
    Field("details", text(), default="", boost=2),
    Field("themes", KEYWORD, default=[], facet=("theme", "Theme")),
    Field("theme_names", text(), default=[], boost=3),
    Field(
        "tags",
        {
            "type": "keyword",
            "fields": {"text": {"type": "text", "analyzer": "icase_text", "search_analyzer": "icase_search"}},
        },
        default=[],
        boost=3,
        searched_as="tags.text",
    ),
    Field("pioneer", KEYWORD, facet=("pioneer", "Pioneer")),
    Field("pioneer_name", text(), default="", boost=2),
    Field("population", KEYWORD, default=[], facet=("population", "Population group")),
    Field("region", KEYWORD, facet=("region", "Region")),
    Field("year", KEYWORD, facet=("year", "Year")),
    Field("evaluation", KEYWORD, facet=("evaluation", "Evaluation")),
    Field("measured", KEYWORD, facet=("measured", "Measured outcomes")),
    Field("outcome_kinds", KEYWORD, default=[], facet=("outcome", "Kind of outcome")),
    Field("recording", KEYWORD, facet=("recording", "After the event")),
    Field("visibility", KEYWORD, default=["public"]),
    Field("published_at", {"type": "date"}),
    Field("event_start", {"type": "date"}),
    Field("popularity", {"type": "integer"}, default=0),
    Field("spelling", {"type": "text", "analyzer": "icase_spelling"}, derived=True),
    Field("display", {"type": "object", "enabled": False}, derived=True),
]

MAPPINGS = {"dynamic": "strict", "properties": {f.name: f.mapping for f in FIELDS}}

FACETS = [Facet(f.facet[0], f.name, f.facet[1]) for f in FIELDS if f.facet]


def _weighted(name, boost):
    return name if boost == 1 else f"{name}^{boost:g}"


SEARCH_FIELDS = [_weighted(f.searched_as or f.name, f.boost) for f in FIELDS if f.boost]

# Typo tolerance looks at titles and summaries only: fuzzy expansion over whole bodies costs more
# than it finds (see docs/benchmarks.md).
FUZZY_FIELDS = [_weighted(f"{f.name}.exact", f.fuzzy_boost) for f in FIELDS if f.fuzzy_boost]


def document_defaults():
    """A fresh copy of the values every document starts from before its type fills it in."""
    return {
        f.name: list(f.default) if isinstance(f.default, list) else f.default for f in FIELDS if not f.derived
    }
