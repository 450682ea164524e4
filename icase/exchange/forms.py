"""Forms of the barriers register. They check the shape of what was typed; the rules (who, which
step, which date) are in services.py, whose refusals the views show on the same form."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from cms.models import PioneerProfilePage, Theme

from .models import Barrier
from .partners import PARTNER_CHOICES

BLANK = [("", "Choose…")]
WIDGET_CLASSES = {
    forms.RadioSelect: "nhsuk-radios__input",
    forms.Select: "nhsuk-select",
    forms.Textarea: "nhsuk-textarea",
    forms.TextInput: "nhsuk-input",
    forms.DateInput: "nhsuk-input nhsuk-input--width-10",
}


class NhsukForm:
    """Gives every widget its NHS.UK class, and the error class and description once invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget_class = next(
                (css for kind, css in WIDGET_CLASSES.items() if isinstance(field.widget, kind)), ""
            )
            field.widget.attrs.setdefault("class", widget_class)

    def style(self):
        for name, field in self.fields.items():
            if name in self._errors and not isinstance(field.widget, forms.RadioSelect):
                suffix = "select" if isinstance(field.widget, forms.Select) else "input"
                if isinstance(field.widget, forms.Textarea):
                    suffix = "textarea"
                field.widget.attrs["class"] += f" nhsuk-{suffix}--error"
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def full_clean(self):
        super().full_clean()
        self.style()


def enabler_themes():
    return Theme.objects.filter(kind=Theme.ENABLER).order_by("sort_order", "name")


class BarrierForm(NhsukForm, forms.ModelForm):
    pioneer = forms.ModelChoiceField(
        queryset=PioneerProfilePage.objects.none(),
        label="Pioneer raising it",
        empty_label="Choose…",
        error_messages={"required": "Choose the pioneer raising the barrier"},
    )

    class Meta:
        model = Barrier
        fields = [
            "pioneer",
            "title",
            "description",
            "effect_on_people",
            "level",
            "theme",
            "rule_or_body",
            "partner",
            "evidence",
        ]
        labels = {"theme": "Enabler theme"}
        help_texts = {
            "title": "A short name others will recognise, for example the rule and what it stops.",
            "description": "What stops you integrating care, as specifically as you can.",
            "effect_on_people": "What it means for the people you serve and for staff.",
            "rule_or_body": "The legislation, guidance, contract, body or IT system involved.",
            "evidence": "One link per line: documents, case studies or discussions on ICASE (start "
            "with https:// or /).",
        }
        widgets = {
            "level": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "effect_on_people": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "description": {"required": "Describe what gets in the way"},
            "effect_on_people": {"required": "Describe its effect on people"},
            "level": {"required": "Choose whether the barrier is local or national"},
            "theme": {"required": "Choose the enabler theme"},
            "rule_or_body": {"required": "Enter the rule, body or system involved"},
        }

    def __init__(self, *args, pioneer_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pioneer"].queryset = PioneerProfilePage.objects.filter(pk__in=pioneer_ids).order_by(
            "title"
        )
        self.fields["theme"].queryset = enabler_themes()
        self.fields["theme"].empty_label = "Choose…"
        self.fields["level"].choices = Barrier.LEVEL_CHOICES
        self.fields["partner"].choices = BLANK + PARTNER_CHOICES

    def clean_evidence(self):
        lines = [line.strip() for line in self.cleaned_data["evidence"].splitlines() if line.strip()]
        check = URLValidator(schemes=["http", "https"])
        for line in lines:
            if line.startswith("/") and not line.startswith("//"):
                continue
            try:
                check(line)
            except ValidationError:
                raise ValidationError(
                    f"“{line[:80]}” is not a link: start each line with https:// or /"
                ) from None
        return "\n".join(lines)


class StatusForm(NhsukForm, forms.Form):
    status = forms.ChoiceField(label="New status", error_messages={"required": "Choose the new status"})
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the status changes. For “resolved in part” and “not resolvable”, explain what "
        "remains and why.",
        error_messages={"required": "Give the reason for the change"},
    )
    happened_on = forms.DateField(
        label="Date it happened",
        help_text="For example, 27 3 2015 or 2015-03-27.",
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
        error_messages={
            "required": "Enter the date it happened",
            "invalid": "Enter a real date, like 2015-03-27",
        },
    )
    partner = forms.ChoiceField(
        label="Escalated to",
        required=False,
        help_text="The national partner, when the barrier is escalated.",
    )
    skip_reason = forms.CharField(
        label="Why it skips a step",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only when the new status jumps over a step of the lifecycle.",
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Barrier.STATUS_CHOICES)
        self.fields["status"].choices = BLANK + [(value, labels[value]) for value in statuses]
        self.fields["partner"].choices = BLANK + PARTNER_CHOICES
        self.fields["happened_on"].initial = timezone.localdate().isoformat()

    def clean_happened_on(self):
        value = self.cleaned_data["happened_on"]
        if value > timezone.localdate():
            raise ValidationError("The date it happened cannot be in the future")
        return value


class AffectedForm(NhsukForm, forms.Form):
    pioneer = forms.ModelChoiceField(
        queryset=PioneerProfilePage.objects.none(),
        label="Your pioneer",
        empty_label=None,
        error_messages={"required": "Choose your pioneer"},
    )
    note = forms.CharField(
        label="How it affects you",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say how the barrier affects your pioneer"},
    )

    def __init__(self, *args, pioneer_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pioneer"].queryset = PioneerProfilePage.objects.filter(pk__in=pioneer_ids).order_by(
            "title"
        )


class ProgressUpdateForm(NhsukForm, forms.Form):
    confidence = forms.ChoiceField(
        label="Delivery confidence",
        choices=Barrier.CONFIDENCE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the delivery confidence"},
    )
    narrative = forms.CharField(
        label="What has happened since the last update",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe the progress since the last update"},
    )


class PublicSummaryForm(NhsukForm, forms.Form):
    public_title = forms.CharField(
        label="Public title",
        max_length=200,
        help_text="Shown to everyone once a programme editor approves it: no local or personal detail.",
        error_messages={"required": "Enter the public title"},
    )
    public_summary = forms.CharField(
        label="Public summary",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the public summary"},
    )


class WithdrawSummaryForm(NhsukForm, forms.Form):
    reason = forms.CharField(
        label="Why withdraw it",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason for withdrawing the summary"},
    )


SORT_CHOICES = [("newest", "Newest first"), ("affected", "Most pioneers affected"), ("title", "Title A to Z")]

# The register's filters and the barrier field each one matches: the one rule for what is in a
# filtered list, read by the list's queryset and by list follows (`barrier_meets`).
FILTER_LOOKUPS = {
    "status": "status",
    "level": "level",
    "theme": "theme__slug",
    "partner": "partner",
    "pioneer": "pioneer__slug",
    "confidence": "confidence",
}


def barrier_meets(barrier, filters):
    """Does `barrier` belong in the list `filters` (FILTER_LOOKUPS names -> values) shows?"""
    for name, value in filters.items():
        found = barrier
        for attribute in FILTER_LOOKUPS[name].split("__"):
            found = getattr(found, attribute, None)
        if found != value:
            return False
    return True


class BarrierFilterForm(NhsukForm, forms.Form):
    """The register's filters; members also filter by pioneer and delivery confidence."""

    status = forms.ChoiceField(required=False, choices=[("", "Any")] + Barrier.STATUS_CHOICES)
    level = forms.ChoiceField(required=False, choices=[("", "Any")] + Barrier.LEVEL_CHOICES)
    theme = forms.ChoiceField(required=False, label="Enabler theme")
    partner = forms.ChoiceField(
        required=False, label="National partner", choices=[("", "Any")] + PARTNER_CHOICES
    )
    pioneer = forms.ChoiceField(required=False)
    confidence = forms.ChoiceField(
        required=False, label="Delivery confidence", choices=[("", "Any")] + Barrier.CONFIDENCE_CHOICES
    )
    sort = forms.ChoiceField(required=False, label="Sort by", choices=SORT_CHOICES)

    MEMBER_ONLY = ("pioneer", "confidence")

    def __init__(self, *args, members=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", "Any")] + list(enabler_themes().values_list("slug", "name"))
        if members:
            pioneers = PioneerProfilePage.objects.live().public().order_by("title")
            self.fields["pioneer"].choices = [("", "Any")] + list(pioneers.values_list("slug", "title"))
        else:
            for name in self.MEMBER_ONLY:
                del self.fields[name]

    def chosen(self):
        """The valid filters chosen (an invalid value is ignored, never an error), sort left out."""
        self.is_valid()
        return {
            name: self.cleaned_data[name]
            for name in FILTER_LOOKUPS
            if name in self.fields and name not in self.errors and self.cleaned_data.get(name)
        }

    def describe(self, filters):
        """The list `filters` shows, in words: "Barriers · Level: National · Enabler theme: …"."""
        parts = ["Barriers"]
        for name, value in filters.items():
            field = self.fields[name]
            label = field.label or name.capitalize()
            parts.append(f"{label}: {dict(field.choices).get(value, value)}")
        return " · ".join(parts) if len(parts) > 1 else "Every barrier"

    def apply(self, queryset, members=False):
        """`queryset` narrowed by the valid filters; visitors who see public summaries only sort
        by the public title."""
        chosen = self.chosen()
        queryset = queryset.filter(**{FILTER_LOOKUPS[name]: value for name, value in chosen.items()})
        sort = self.cleaned_data.get("sort") if "sort" not in self.errors else ""
        order = {
            "affected": ["-pioneers_affected", "-created_at"],
            "title": ["title" if members else "public_title"],
        }
        return queryset.order_by(*order.get(sort or "newest", ["-created_at", "-pk"]))
