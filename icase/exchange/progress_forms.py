"""Forms for objectives, quarterly progress reports and their review."""

from django import forms

from .forms import NhsukForm, enabler_themes
from .models import ObjectiveStatus, ProgressReport


class ObjectiveForm(NhsukForm, forms.Form):
    title = forms.CharField(
        label="Objective",
        max_length=200,
        help_text="Specific enough to show progress against: what, for whom, by when where known.",
        error_messages={"required": "Enter the objective"},
    )
    theme = forms.ModelChoiceField(
        queryset=None,
        label="Enabler theme",
        empty_label="Choose…",
        error_messages={"required": "Choose the theme"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = enabler_themes()


class ProgressReportForm(NhsukForm, forms.Form):
    """One group of fields per objective: rating, narrative, what helped, what got in the way and
    the barriers involved (those the pioneer raised or is affected by)."""

    quarter = forms.ChoiceField(label="Quarter", error_messages={"required": "Choose the quarter"})
    support_needed = forms.CharField(
        label="Support needed", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, objectives=(), quarters=(), barriers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives = list(objectives)
        self.fields["quarter"].choices = [
            (q.isoformat(), ProgressReport(quarter=q).quarter_label) for q in quarters
        ]
        barrier_choices = [(barrier.pk, barrier.title) for barrier in barriers]
        for objective in self.objectives:
            key = objective.pk
            self.fields[f"rating_{key}"] = forms.ChoiceField(
                label="Status",
                choices=ObjectiveStatus.RATING_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "nhsuk-radios__input"}),
                error_messages={"required": f"Choose a status for “{objective.title}”"},
            )
            self.fields[f"narrative_{key}"] = forms.CharField(
                label="Progress this quarter",
                widget=forms.Textarea(attrs={"rows": 3, "class": "nhsuk-textarea"}),
                error_messages={"required": f"Describe the progress on “{objective.title}”"},
            )
            self.fields[f"helped_{key}"] = forms.CharField(
                label="What helped",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "nhsuk-textarea"}),
            )
            self.fields[f"got_in_the_way_{key}"] = forms.CharField(
                label="What got in the way",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "nhsuk-textarea"}),
            )
            if barrier_choices:
                self.fields[f"barriers_{key}"] = forms.MultipleChoiceField(
                    label="Barriers involved",
                    required=False,
                    choices=barrier_choices,
                    widget=forms.CheckboxSelectMultiple(attrs={"class": "nhsuk-checkboxes__input"}),
                )

    def groups(self):
        """(objective, [bound fields]) for the template."""
        names = ("rating", "narrative", "helped", "got_in_the_way", "barriers")
        return [
            (
                objective,
                [self[f"{name}_{objective.pk}"] for name in names if f"{name}_{objective.pk}" in self.fields],
            )
            for objective in self.objectives
        ]

    def ratings(self):
        data = self.cleaned_data
        return {
            objective.pk: {
                "rating": data[f"rating_{objective.pk}"],
                "narrative": data[f"narrative_{objective.pk}"],
                "helped": data[f"helped_{objective.pk}"],
                "got_in_the_way": data[f"got_in_the_way_{objective.pk}"],
                "barriers": [int(pk) for pk in data.get(f"barriers_{objective.pk}", [])],
            }
            for objective in self.objectives
        }


class ReviewForm(NhsukForm, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve and show it"), ("changes", "Request changes")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or request changes"},
    )
    note = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed for changes.",
    )
