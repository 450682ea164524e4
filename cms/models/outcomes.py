"""Measured outcomes, kept as data so readers can filter, compare and chart them.

A figure belongs where its source puts it: on a case study (CaseStudyOutcome) or, when the source
gives it for a pioneer's service or pilot site with no case study of its own ("an evaluation by
Cornwall of one of its pilot sites, in Penwith"), on the pioneer's profile (PioneerOutcome). Both
share MeasuredOutcome's fields, rules and wording, so the explorer treats them alike.

An outcome says no more than its source: the source's own qualifier ("nearly", "over"), a period,
population, or baseline only when the source gives one (empty otherwise, shown as "not stated"),
and an evaluation level chosen by the rule in EVALUATION_RULES, so a figure a pioneer reported is
never presented as independently evaluated.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import capfirst

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable

from .provenance import SOURCE_CHOICES, SOURCE_DOCUMENTS

METRIC_KIND_CHOICES = [
    ("emergency-admissions", "Emergency admissions"),
    ("ae-attendances", "A&E attendances"),
    ("bed-days", "Bed days"),
    ("length-of-stay", "Length of stay"),
    ("delayed-discharges", "Delayed discharges"),
    ("readmissions", "Readmissions"),
    ("care-home-admissions", "Care home admissions"),
    ("cost", "Cost and savings"),
    ("experience", "Patient or user experience"),
    ("staff-experience", "Staff experience"),
    ("wellbeing", "Wellbeing and quality of life"),
    ("other", "Other"),
]
FELL, ROSE = "fell", "rose"
DIRECTION_CHOICES = [(FELL, "Fell"), (ROSE, "Rose")]
SELF_REPORTED, LOCAL, INDEPENDENT, PEER_REVIEWED = "self-reported", "local", "independent", "peer-reviewed"
EVALUATION_LEVEL_CHOICES = [
    (SELF_REPORTED, "Self-reported"),
    (LOCAL, "Local evaluation"),
    (INDEPENDENT, "Independent evaluation"),
    (PEER_REVIEWED, "Peer-reviewed"),
]
# The rule for each level, shown to editors and on /outcomes/: take the lowest level the source supports.
EVALUATION_RULES = {
    SELF_REPORTED: "The source reports the figure without saying it was evaluated.",
    LOCAL: "The source ties the figure to an evaluation by the pioneer or its partners "
    "(“an evaluation by Cornwall”, “were evaluated”) without naming an independent evaluator.",
    INDEPENDENT: "The source names an evaluator independent of the pioneer and its partners.",
    PEER_REVIEWED: "The figure is published in a peer-reviewed journal that the source cites.",
}
PERCENT, GBP, COUNT, DAYS, RATIO = "percent", "gbp", "count", "days", "ratio"
UNIT_CHOICES = [(PERCENT, "%"), (GBP, "£"), (COUNT, "count"), (DAYS, "days"), (RATIO, "ratio (as in 4:1)")]
# Sorting by size compares like with like, percentages first.
UNIT_ORDER = [PERCENT, GBP, COUNT, DAYS, RATIO]


class MeasuredOutcome(models.Model):
    """A measured result: what changed, by how much, for whom, and on whose word.

    A ratio (a return on investment “estimated at 4:1”) is a level, not a change, so it has no
    direction; a range (“between £8m and £17m”) keeps both ends, the nearer one as the value.
    """

    UNIT_CHOICES = UNIT_CHOICES
    QUALIFIER_CHOICES = [
        ("", "none (the source gives the exact figure)"),
        ("about", "about"),
        ("some", "some"),
        ("nearly", "nearly"),
        ("over", "over"),
        ("at-least", "at least"),
        ("estimated", "estimated at"),
        ("estimated-some", "estimated at some"),
        ("estimated-over", "estimated to exceed"),
    ]

    metric = models.CharField(
        max_length=160, help_text="What was measured, in the source's words, e.g. “non-elective admissions”."
    )
    metric_kind = models.CharField(
        "kind of measure",
        max_length=30,
        choices=METRIC_KIND_CHOICES,
        default="other",
        help_text="The measure's family, so outcomes can be compared across case studies. A saving "
        "is a fall in cost.",
    )
    direction = models.CharField(
        max_length=10,
        choices=DIRECTION_CHOICES,
        blank=True,
        help_text="Whether the measure fell or rose. Leave empty to take it from the sign of the value; "
        "always empty for a ratio, which is a level rather than a change.",
    )
    qualifier = models.CharField(
        max_length=20,
        choices=QUALIFIER_CHOICES,
        blank=True,
        help_text="Keep the source's own qualifier: “nearly 50%” is not “50%”.",
    )
    change = models.DecimalField(
        "value",
        max_digits=14,
        decimal_places=2,
        help_text="The size of the change as the source gives it, e.g. 55 for “a 55% reduction” (stored "
        "negative for a fall); for a ratio, its first number (4 for “4:1”); for a range, its nearer end.",
    )
    range_end = models.DecimalField(
        "to (for a range)",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Only when the source gives a range, e.g. 17000000 for “between £8m and £17m” (the "
        "value is then 8000000). Leave empty otherwise.",
    )
    unit = models.CharField(max_length=20, choices=UNIT_CHOICES, default=PERCENT)
    population = models.CharField(
        "population or setting",
        max_length=160,
        blank=True,
        help_text="Who or where, as the source says, e.g. “first group of 134 patients”; empty when "
        "not stated.",
    )
    period = models.CharField(
        max_length=160,
        blank=True,
        help_text="Over what period, e.g. “first year”; empty when the source gives none.",
    )
    baseline = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The level before the change, only where the source gives it. For a % change, the "
        "number it is a percentage of; otherwise in the outcome's unit.",
    )
    baseline_label = models.CharField(
        max_length=160,
        blank=True,
        help_text="What the baseline counts, e.g. “emergency admissions a month”.",
    )
    evaluation_level = models.CharField(
        max_length=20,
        choices=EVALUATION_LEVEL_CHOICES,
        default=SELF_REPORTED,
        help_text="The lowest level the source supports. "
        + " ".join(f"{label}: {EVALUATION_RULES[key]}" for key, label in EVALUATION_LEVEL_CHOICES),
    )
    source_document = models.CharField(
        max_length=40,
        choices=SOURCE_CHOICES,
        blank=True,
        help_text="The document the figure comes from, if it is one of ICASE's sources.",
    )
    source_section = models.CharField(
        max_length=120, blank=True, help_text="Where in it, e.g. “section 4.1”."
    )
    source = models.CharField(
        "other source",
        max_length=250,
        blank=True,
        help_text="For a source not in the list: its full citation (author, title, date).",
    )
    source_url = models.URLField(blank=True, help_text="A public web address for the source, if it has one.")

    panels = [
        FieldRowPanel([FieldPanel("metric"), FieldPanel("metric_kind")]),
        FieldRowPanel(
            [
                FieldPanel("direction"),
                FieldPanel("qualifier"),
                FieldPanel("change"),
                FieldPanel("range_end"),
                FieldPanel("unit"),
            ]
        ),
        FieldRowPanel([FieldPanel("population"), FieldPanel("period")]),
        FieldRowPanel([FieldPanel("baseline"), FieldPanel("baseline_label")]),
        FieldPanel("evaluation_level"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("source_document"), FieldPanel("source_section")]),
                FieldPanel("source"),
                FieldPanel("source_url"),
            ],
            heading="Source",
        ),
    ]

    class Meta:
        abstract = True

    def __str__(self):
        period = f" ({self.period})" if self.period else ""
        return f"{self.metric}: {self.display_value}{period}"

    def save(self, *args, **kwargs):
        if not self.direction and self.change and self.unit != RATIO:
            self.direction = FELL if self.change < 0 else ROSE
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        if self.change is not None:
            errors.update(self._clean_ratio() if self.unit == RATIO else self._clean_value())
        if self.range_end is not None and not errors:
            errors.update(self._clean_range())
        if self.baseline is not None and not errors:
            errors.update(self._clean_baseline())
        if not self.source_document and not self.source.strip():
            errors["source_document"] = (
                "Choose the source document, or give the citation under “Other source”."
            )
        if self.source_section and not self.source_document:
            errors["source_section"] = "A section needs its source document."
        if errors:
            raise ValidationError(errors)

    def _clean_value(self):
        if self.change == 0:
            return {"change": "Enter the size of the change; a zero change is not a measured outcome."}
        if self.direction == ROSE and self.change < 0:
            return {"change": "A rise is a positive number: enter its size, or choose “Fell”."}
        if not self.direction:
            self.direction = FELL if self.change < 0 else ROSE
        self.change = -abs(self.change) if self.direction == FELL else abs(self.change)
        if self.unit == PERCENT and self.change < -100:
            return {"change": "Nothing can fall by more than 100%: check the figure and its unit."}
        return {}

    def _clean_ratio(self):
        if self.direction:
            return {"direction": "A ratio is a level, not a change: leave the direction empty."}
        if self.change <= 0:
            return {"change": "Enter the ratio's first number, e.g. 4 for “4:1”."}
        if self.baseline is not None:
            return {"baseline": "A ratio has no baseline: leave it empty."}
        return {}

    def _clean_range(self):
        if self.qualifier:
            return {"qualifier": "A range says “between” itself: leave the qualifier empty."}
        if self.baseline is not None:
            return {"range_end": "Give a baseline or a range, not both."}
        self.range_end = -abs(self.range_end) if self.direction == FELL else abs(self.range_end)
        if abs(self.range_end) <= abs(self.change):
            return {"range_end": "The range's far end is larger than the value: check both figures."}
        if self.unit == PERCENT and self.range_end < -100:
            return {"range_end": "Nothing can fall by more than 100%: check the figure and its unit."}
        return {}

    def _clean_baseline(self):
        if self.baseline <= 0:
            return {"baseline": "A baseline is a positive number; leave it empty when the source gives none."}
        if not self.baseline_label.strip():
            return {"baseline_label": "Say what the baseline counts, e.g. “emergency admissions a month”."}
        if self.after_value < 0:
            return {"change": "The fall is larger than the baseline: check both figures."}
        return {}

    @property
    def value(self):
        """The size of the change, without its sign (the direction says which way)."""
        return abs(self.change)

    @property
    def after_value(self):
        """The level after the change, when a baseline is known: the 'after' bar of its chart."""
        if self.baseline is None:
            return None
        if self.unit == PERCENT:
            return self.baseline * (1 + Decimal(self.change) / 100)
        return self.baseline + Decimal(self.change)

    def format_amount(self, amount):
        """An amount in the outcome's unit, e.g. “35%”, “£700,000”, “12 days”."""
        amount = Decimal(amount)
        if self.unit == GBP and abs(amount) >= 10**6:  # as the sources write it: “£3m”, “£1.2m”
            return f"£{(amount / 10**6).normalize():f}m"
        if self.unit == GBP:
            return f"£{amount:,.0f}"
        if self.unit == RATIO:
            return f"{amount.normalize():f}:1"
        text = f"{amount.normalize():,f}"
        if self.unit == PERCENT:
            return f"{text}%"
        return f"{text} days" if self.unit == DAYS else text

    def format_level(self, amount):
        """A before or after level: a plain number for a % change (it counts something), else the unit."""
        if self.unit == PERCENT:
            return f"{Decimal(amount).quantize(Decimal(1)).normalize():,f}"
        return self.format_amount(amount)

    @property
    def range_value(self):
        """The far end of a range, without its sign; None when the source gives one figure."""
        return None if self.range_end is None else abs(self.range_end)

    @property
    def display_change(self):
        """The signed change, e.g. “−35%”; money and ratios are shown without a sign."""
        magnitude = self.format_amount(self.value)
        if self.range_end is not None:
            magnitude = f"{magnitude} to {self.format_amount(self.range_value)}"
        if self.unit in (GBP, RATIO):
            return magnitude
        return f"{'−' if self.change < 0 else '+'}{magnitude}"

    @property
    def display_value(self):
        """The change with the source's qualifier in front, e.g. “nearly −50%”."""
        if not self.qualifier:
            return self.display_change
        return f"{self.get_qualifier_display()} {self.display_change}"

    @property
    def sentence(self):
        """The change in words, e.g. “fell by nearly 50%”, or “saving of over 5%” for a cost."""
        amount = self.format_amount(self.value)
        if self.range_end is not None:
            amount = f"between {amount} and {self.format_amount(self.range_value)}"
        if self.unit == RATIO:  # “estimated at 4:1”
            return f"{self.get_qualifier_display()} {amount}" if self.qualifier else amount
        change = "saving" if self.metric_kind == "cost" and self.direction == FELL else None
        change = change or (
            "cost rose" if self.metric_kind == "cost" else self.get_direction_display().lower()
        )
        if self.qualifier.startswith("estimated"):  # “saving estimated at £700,000”
            return f"{change} {self.get_qualifier_display()} {amount}"
        qualifier = f"{self.get_qualifier_display()} " if self.qualifier else ""
        return f"{change} {'of' if change == 'saving' else 'by'} {qualifier}{amount}"

    @property
    def reading(self):
        """The measure and its change as one line, without saying "saving" twice: “Savings so
        far: estimated to exceed £200,000”, “Non-elective admissions: fell by 55%”."""
        change = self.sentence
        if "saving" in self.metric.lower() and change.startswith("saving "):
            change = change.removeprefix("saving ").removeprefix("of ")
        return f"{capfirst(self.metric)}: {change}"

    @property
    def source_citation(self):
        """The citation as a reader sees it: title, publisher, date and section, or the free text."""
        document = SOURCE_DOCUMENTS.get(self.source_document)
        if document is None:
            return self.source
        section = f", {self.source_section}" if self.source_section else ""
        return f"{document.title} ({document.publisher}, {document.date}){section}"

    @property
    def anchor(self):
        """The id of the outcome's row where it is reported, for links “as cited there”."""
        return f"{self.anchor_prefix}-{self.pk}"


class CaseStudyOutcome(Orderable, MeasuredOutcome):
    """A measured result of a case study."""

    page = ParentalKey("cms.CaseStudyPage", on_delete=models.CASCADE, related_name="outcomes")
    reported_in = "case study"
    anchor_prefix = "outcome"

    class Meta(Orderable.Meta):
        verbose_name = "outcome"

    @property
    def pioneer(self):
        return self.page.pioneer

    @property
    def reported_date(self):
        return self.page.publication_date


class PioneerOutcome(Orderable, MeasuredOutcome):
    """A measured result the source gives for a pioneer rather than for one of its case studies.

    A pioneer serves many groups, so each of its outcomes names the population group the source
    ties the figure to, if any (a case study's outcomes take their case study's groups).
    """

    page = ParentalKey("cms.PioneerProfilePage", on_delete=models.CASCADE, related_name="outcomes")
    population_group = models.ForeignKey(
        "cms.PopulationGroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Only when the source ties the figure to one group, e.g. care home residents.",
    )
    reported_in = "pioneer profile"
    anchor_prefix = "pioneer-outcome"

    panels = MeasuredOutcome.panels[:3] + [FieldPanel("population_group")] + MeasuredOutcome.panels[3:]

    class Meta(Orderable.Meta):
        verbose_name = "pioneer outcome"

    @property
    def pioneer(self):
        return self.page

    @property
    def reported_date(self):
        """The date of the source that reports it (a profile has no publication date of its own)."""
        document = SOURCE_DOCUMENTS.get(self.source_document)
        if document is None:
            return None
        year, month = document.file[:7].split("-")
        return date(int(year), int(month), 1)
