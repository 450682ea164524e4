"""Where seeded content comes from, and dates that say no more than their source does.

A reader who checks one figure against its source and finds it changed stops trusting the rest, so
every seeded page names the document (and section or table row) it is drawn from, and a date the
source gives only as "February 2015" is stored and shown as a month, never as a made-up day.
"""

from dataclasses import dataclass

from django.db import models

from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField

DAY, MONTH, YEAR, UNKNOWN = "day", "month", "year", "unknown"
PRECISION_CHOICES = [
    (DAY, "Day"),
    (MONTH, "Month only"),
    (YEAR, "Year only"),
    (UNKNOWN, "Not known"),
]
PRECISION_HELP = "How much of the date the source gives: the page shows only that much."


@dataclass(frozen=True)
class SourceDocument:
    file: str
    title: str
    publisher: str
    date: str  # as the document itself dates it


SOURCE_DOCUMENTS = {
    "one-year-on": SourceDocument(
        "2015-02-integrated-care-pioneers-one-year-on.txt",
        "Integrated Care Pioneers: One Year On",
        "NHS England",
        "February 2015",
    ),
    "scie-pioneers": SourceDocument(
        "2013-11-scie-integration-pioneers.txt",
        "Integration collaboration and pioneers",
        "Social Care Institute for Excellence (SCIE)",
        "November 2013",
    ),
    "shared-commitment": SourceDocument(
        "2013-05-integrated-care-and-support-our-shared-commitment.txt",
        "Integrated Care and Support: Our Shared Commitment",
        "National Collaboration for Integrated Care and Support",
        "May 2013",
    ),
    "letter-inviting-pioneers": SourceDocument(
        "2013-05-letter-inviting-pioneers.txt",
        "Letter inviting expressions of interest for health and social care integration pioneers",
        "National Collaboration for Integrated Care and Support",
        "May 2013",
    ),
    "north-yorkshire-hwb": SourceDocument(
        "2013-05-north-yorkshire-hwb-integration-update.txt",
        "Social care integration: an update",
        "North Yorkshire Health and Wellbeing Board",
        "29 May 2013",
    ),
}
SOURCE_CHOICES = [
    (key, f"{doc.title} ({doc.publisher}, {doc.date})") for key, doc in SOURCE_DOCUMENTS.items()
]


def format_date(value, precision, with_weekday=False):
    """A date shown to the precision its source gives: “12 May 2013”, “February 2015”, “2014”."""
    if value is None or precision == UNKNOWN:
        return "Date not known"
    if precision == YEAR:
        return f"{value:%Y}"
    if precision == MONTH:
        return f"{value:%B %Y}"
    return f"{value:%A %-d %B %Y}" if with_weekday else f"{value:%-d %B %Y}"


def machine_date(value, precision):
    """The value for <time datetime>, as precise as the source and no more (HTML allows YYYY-MM)."""
    if value is None or precision == UNKNOWN:
        return ""
    return {YEAR: f"{value:%Y}", MONTH: f"{value:%Y-%m}"}.get(precision, f"{value:%Y-%m-%d}")


def precision_field(default=DAY):
    return models.CharField(
        max_length=10, choices=PRECISION_CHOICES, default=default, help_text=PRECISION_HELP
    )


class SourceBlock(blocks.StructBlock):
    document = blocks.ChoiceBlock(choices=SOURCE_CHOICES, help_text="The document the facts come from.")
    section = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Where in it: a section number, a table row, e.g. “section 4.1”.",
    )

    class Meta:
        icon = "doc-full"
        label = "Source"


def source_documents_for(stream_value):
    """The Source line's entries: each cited document with its title, publisher, date and section."""
    cited = []
    for block in stream_value or []:
        document = SOURCE_DOCUMENTS.get(block.value.get("document"))
        if document is not None:
            cited.append({"document": document, "section": block.value.get("section", "")})
    return cited


class SourcedMixin(models.Model):
    """Pages whose facts come from a published document name it, shown as the page's Source line."""

    sources = StreamField(
        [("source", SourceBlock())],
        blank=True,
        help_text="Which document (and section or table row) this page's facts come from.",
    )

    source_panels = [FieldPanel("sources")]

    class Meta:
        abstract = True

    @property
    def cited_sources(self):
        return source_documents_for(self.sources)
