"""What ICASE content puts in the search index (see search/documents.py for the shape)."""

import html
import re

from django.utils import timezone
from django.utils.html import strip_tags

from search.documents import SearchDocument, register, registry

from . import audiences
from .generation import current_generation
from .models import (
    CaseStudyPage,
    IStatement,
    LearningEventPage,
    PioneerProfilePage,
    PopulationGroup,
    StandardPage,
    Theme,
    ThemedCollectionPage,
    ThemeIndexPage,
    ToolkitPage,
)
from .models.outcomes import METRIC_KIND_CHOICES

# Tags that end a run of text: the words either side of them belong to different sentences.
BLOCK_BOUNDARY = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|br|hr|tr|td|th|table|blockquote|section|figcaption)\b[^>]*>", re.I
)
SENTENCE_END = ".!?:;…"


def _runs(part):
    for run in BLOCK_BOUNDARY.split(str(part)):
        text = " ".join(html.unescape(strip_tags(run)).split())
        if text:
            yield text


def plain(*parts):
    """The readable text of `parts` (strings or HTML) as sentences: a heading, a list item or a
    field that ends without punctuation gets a full stop, so a snippet reads "Hospital at home.
    Health and wellbeing…" rather than gluing the two into "hospital at homeHealth"."""
    runs = [run for part in parts if part for run in _runs(part)]
    return " ".join(run if run[-1] in SENTENCE_END else f"{run}." for run in runs)


def _value_text(value):
    if hasattr(value, "source"):  # rich text
        return [value.source]
    if isinstance(value, str):
        return [value]
    if hasattr(value, "values"):  # a StructBlock's value
        return [text for item in value.values() for text in _value_text(item)]
    if isinstance(value, list | tuple) or type(value).__name__ == "ListValue":
        return [text for item in value for text in _value_text(item)]
    if hasattr(value, "title"):  # a chosen document or image
        return [value.title]
    return []


def stream_text(stream):
    """The readable text of a StreamField, including the "I statements" a block shows."""
    texts = []
    for block in stream:
        if block.block_type == "heading":
            texts.append(block.value["text"])
        elif block.block_type == "i_statements":
            statements = IStatement.objects.all()
            if block.value.get("group"):
                statements = statements.filter(group=block.value["group"])
            texts.extend(statement.text for statement in statements)
        else:
            texts.extend(_value_text(block.value))
    return plain(*texts)


def taxonomy_fields(page):
    """Themes (facet values, names and acronyms) and free tags, shared by every page type that has them."""
    themes = list(page.themes.all())
    return {
        "tags": [tag.name for tag in page.tags.all()],
        "themes": [theme.slug for theme in themes],
        "theme_names": [theme.label for theme in themes],  # searched, and shown on results as labelled
        "acronyms": " ".join(theme.short_name for theme in themes if theme.short_name.isupper()),
    }


def outcome_facts(page):
    """The first few measured outcomes a result shows under its snippet. Two figures for the same
    measure each say the group they were measured in, or they would read as a contradiction
    ("fell by nearly 50%" and "fell by 40%": in Penwith and in Newquay)."""
    shown = list(page.outcomes.all())[:3]
    metrics = [o.metric.lower() for o in shown]
    return [
        o.reading + (f" ({o.population})" if o.population and metrics.count(o.metric.lower()) > 1 else "")
        for o in shown
    ]


def outcome_fields(page):
    """A page's measured outcomes as searchable text, and their kinds (the facet values)."""
    outcomes = [f"{o.metric} {o.sentence} {o.display_value} {o.period}" for o in page.outcomes.all()]
    return outcomes, sorted({o.metric_kind for o in page.outcomes.all() if o.metric_kind})


def published(page):
    return page.first_published_at.isoformat() if page.first_published_at else None


@register
class CaseStudyDocument(SearchDocument):
    model = CaseStudyPage
    type = "case-study"
    type_label = "Case study"
    type_words = ("case study", "case studies", "casestudy", "example", "examples", "story", "stories")

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("pioneer")
            .prefetch_related("themes", "population_groups", "outcomes", "tagged_items__tag")
        )

    def facts(self, page):
        return outcome_facts(page)

    def fields(self, page):
        outcomes, kinds = outcome_fields(page)
        groups = list(page.population_groups.all())
        return {
            **taxonomy_fields(page),
            "summary": page.summary,
            "body": stream_text(page.body),
            "details": plain(*outcomes, *[group.name for group in groups]),
            "pioneer": page.pioneer.slug,
            "pioneer_name": page.pioneer.title,
            "region": page.pioneer.region,
            "measured": "yes" if outcomes else None,
            "outcome_kinds": kinds,
            "population": [group.slug for group in groups],
            "evaluation": page.evaluation_status,
            "year": str(page.publication_date.year),
            "published_at": page.publication_date.isoformat(),
        }


@register
class PioneerDocument(SearchDocument):
    model = PioneerProfilePage
    type = "pioneer"
    type_label = "Pioneer"
    type_words = (
        "pioneer",
        "pioneers",
        "pioneer profile",
        "profile",
        "profiles",
        "pioneer area",
        "pioneer site",
    )

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes", "tagged_items__tag", "outcomes")

    def facts(self, page):
        """The figures the sources give for the pioneer itself; its case studies show their own."""
        return outcome_facts(page)

    def fields(self, page):
        outcomes, kinds = outcome_fields(page)
        return {
            **taxonomy_fields(page),
            "acronyms": page.short_name if page.short_name.isupper() else "",
            "summary": page.summary,
            "details": plain(
                page.lead_organisation, page.partner_organisations, page.client_groups, *outcomes
            ),
            "measured": "yes" if outcomes else None,
            "outcome_kinds": kinds,
            "body": plain(
                page.key_features,
                page.vision,
                page.objectives,
                page.local_context,
                page.achievements,
                page.challenges,
                page.learning,
            ),
            "pioneer": page.slug,
            "pioneer_name": page.title,
            "region": page.region,
            "year": str(page.year_joined or ""),
        }


@register
class ToolkitDocument(SearchDocument):
    model = ToolkitPage
    type = "toolkit"
    type_label = "Toolkit"
    type_words = (
        "toolkit",
        "toolkits",
        "tool",
        "tools",
        "template",
        "templates",
        "guide",
        "guides",
        "checklist",
    )

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes", "tagged_items__tag", "downloads__document")

    def fields(self, page):
        downloads = [f"{d.document.title} {d.document.description}" for d in page.downloads.all()]
        return {
            **taxonomy_fields(page),
            "summary": page.summary,
            "body": stream_text(page.sections),
            "details": plain(page.get_kind_display(), page.publisher, *downloads),
            "year": str(page.publication_date.year),
            "published_at": page.publication_date.isoformat(),
        }


@register
class LearningEventDocument(SearchDocument):
    model = LearningEventPage
    type = "event"
    type_label = "Learning event"
    type_words = (
        "event",
        "events",
        "learning event",
        "learning events",
        "webinar",
        "webinars",
        "workshop",
        "workshops",
        "conference",
        "conferences",
        "seminar",
        "seminars",
        "meeting",
        "meetings",
        "recording",
        "recordings",
    )
    time_sensitive = True

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes", "tagged_items__tag")

    def fields(self, page):
        start = timezone.localtime(page.start) if page.start else None  # undated in its source
        return {
            **taxonomy_fields(page),
            "summary": page.summary,
            "body": plain(stream_text(page.body), page.event_summary),
            "details": plain(page.get_kind_display(), page.organiser, page.location_text),
            "year": str(start.year) if start else "",
            "region": page.region or None,
            "published_at": page.start.isoformat() if start else None,
            "event_start": page.start.isoformat() if start else None,
            "recording": "yes" if page.recording_url or page.recording_file_id else None,
            "visibility": self.visibility(page),
        }

    def visibility(self, page):
        """An event for a private network is found by those who may read its threads."""
        return audiences.search_tokens(page.audience_network)


@register
class CollectionDocument(SearchDocument):
    model = ThemedCollectionPage
    type = "collection"
    type_label = "Themed collection"
    type_words = ("collection", "collections", "themed collection", "reading list")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("themes", "tagged_items__tag", "items__page")

    def fields(self, page):
        return {
            **taxonomy_fields(page),
            "summary": page.summary,
            "body": plain(
                page.introduction,
                *[part for item in page.items.all() for part in (item.page.title, item.note)],
            ),
            "published_at": published(page),
        }


@register
class StandardPageDocument(SearchDocument):
    model = StandardPage
    type = "page"
    type_label = "Page"
    weight = 0.3  # privacy, accessibility, about: answers only to queries about themselves

    def fields(self, page):
        return {"summary": page.summary, "body": stream_text(page.body), "published_at": published(page)}


@register
class ThemeDocument(SearchDocument):
    """Theme pages are served by the theme index page; a theme is searchable while that page is live."""

    model = Theme
    type = "theme"
    type_label = "Theme"
    type_words = ("theme", "themes", "topic", "topics")

    def get_queryset(self):
        if not ThemeIndexPage.objects.live().public().exists():
            return Theme.objects.none()
        return Theme.objects.all()

    def document_id(self, theme):
        return f"theme-{theme.pk}"

    def fields(self, theme):
        index = ThemeIndexPage.objects.live().public().first()
        return {
            "url": f"{index.url}{theme.slug}/",
            "title": theme.name,
            "acronyms": theme.short_name,
            "summary": theme.description,
            "themes": [theme.slug],
            "theme_names": [theme.label],
        }


REGIONS = dict(PioneerProfilePage.REGION_CHOICES)

registry.register_labels("themes", lambda: {theme.slug: theme.label for theme in Theme.objects.all()})
registry.register_labels(
    "pioneer", lambda: dict(PioneerProfilePage.objects.live().public().values_list("slug", "title"))
)
registry.register_labels("region", lambda: REGIONS)
registry.register_labels("measured", lambda: {"yes": "Has measured outcomes"})
registry.register_labels("recording", lambda: {"yes": "Recording available"})
registry.register_labels("outcome_kinds", lambda: dict(METRIC_KIND_CHOICES))


def place_names(name):
    """The ways a searcher names a place: "Stoke and North Staffordshire" is also "Stoke" and
    "North Staffordshire"; "WELC (Waltham Forest, East London and the City)" is also "WELC",
    "Waltham Forest" and "East London" (a part starting "the" is too vague to stand alone)."""
    parts = re.split(r"\s+and\s+|\s*[,()&]\s*|\s+on\s+", name)
    return [part for part in (p.strip() for p in parts) if part and not part.lower().startswith("the ")]


def pioneer_names():
    names = {}
    for slug, title, short_name, other_names in (
        PioneerProfilePage.objects.live().public().values_list("slug", "title", "short_name", "other_names")
    ):
        others = [name.strip() for name in other_names.splitlines() if name.strip()]
        names[slug] = list(dict.fromkeys([title, short_name, *place_names(title), *others]))
    return names


def theme_names():
    themes = Theme.objects.values_list("slug", "name", "short_name")
    return {slug: [name, short_name] for slug, name, short_name in themes}


def theme_profiles():
    themes = Theme.objects.values_list("slug", "name", "short_name", "description")
    return {slug: f"{name}. {short_name}. {description}" for slug, name, short_name, description in themes}


def region_names():
    return {value: [label, *place_names(label)] for value, label in REGIONS.items()}


registry.register_names("pioneer", pioneer_names)
registry.register_names("themes", theme_names)
registry.register_names("region", region_names)
registry.register_profiles("themes", theme_profiles)
registry.register_labels("evaluation", lambda: dict(CaseStudyPage.EVALUATION_CHOICES))
registry.register_labels("population", lambda: dict(PopulationGroup.objects.values_list("slug", "name")))
# Whatever a search document shows changes with the content generation, so the database search
# keeps its documents (and the facet labels) until it moves on.
registry.register_generation(current_generation)
