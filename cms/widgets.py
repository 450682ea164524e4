"""Choosing from a taxonomy in the admin: ticked boxes in named groups, not a Ctrl-click list.

A model opts in with `choice_groups`, the name of the field its choices are grouped by (themes by
kind: enabler workstreams and care models; "I" statements by their National Voices group), or
with `choose_with_checkboxes = True` for a short flat list (population groups). Every admin form
for a many-to-many field to such a model then offers grouped checkboxes, whichever panel shows it.
"""

from django import forms
from django.db import models
from django.forms.models import ModelChoiceIterator

from wagtail.admin.forms.models import register_form_field_override


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes with each group of choices in its own fieldset and legend."""

    template_name = "cms/widgets/grouped_checkboxes.html"


class GroupedChoiceIterator(ModelChoiceIterator):
    """The queryset's choices as (group label, choices) in the order of the grouping field's choices."""

    def __iter__(self):
        model = self.queryset.model
        group_field = model._meta.get_field(model.choice_groups)
        labels = dict(getattr(model, "choice_group_labels", {}) or group_field.flatchoices)
        grouped = {value: [] for value, _label in group_field.flatchoices}
        for obj in self.queryset:
            grouped.setdefault(getattr(obj, group_field.attname), []).append(self.choice(obj))
        for value, choices in grouped.items():
            if choices:
                yield (labels.get(value, value or "Other"), choices)


class TaxonomyMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A many-to-many field's form field; grouped checkboxes for a model that asks for them."""

    def __init__(self, queryset, **kwargs):
        model = queryset.model
        grouped = bool(getattr(model, "choice_groups", None))
        if grouped or getattr(model, "choose_with_checkboxes", False):
            widget = kwargs.get("widget")
            # A panel's plain CheckboxSelectMultiple (or no widget: a Ctrl-click list) becomes the
            # grouped checkboxes; any other widget a panel asks for is kept.
            if widget in (None, forms.CheckboxSelectMultiple) or type(widget) is forms.CheckboxSelectMultiple:
                kwargs["widget"] = GroupedCheckboxSelectMultiple
        super().__init__(queryset, **kwargs)
        if grouped:
            self.iterator = GroupedChoiceIterator


register_form_field_override(models.ManyToManyField, override={"form_class": TaxonomyMultipleChoiceField})


class CharacterCountTextarea(forms.Textarea):
    """A textarea that tells people how many characters they have left, as NHS.UK's character count
    does: the limit is stated in the hint for everyone, and nhsuk-frontend's script turns it into
    a live count when JavaScript runs. `templates/includes/form_field.html` draws the wrapper."""

    def __init__(self, attrs=None):
        attrs = {"class": "nhsuk-textarea nhsuk-js-character-count", **(attrs or {})}
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id")
        if widget_id:
            described = context["widget"]["attrs"].get("aria-describedby", f"{widget_id}_helptext").split()
            context["widget"]["attrs"]["aria-describedby"] = " ".join(
                dict.fromkeys([*described, f"{widget_id}-info"])
            )
        return context
