from django import forms
from django.db import transaction

from cms.models import PioneerProfilePage, Theme

from .handles import clean_handle
from .models import Category, Flag, MemberProfile
from .text import collapse_whitespace, is_hidden_character

MARKDOWN_HINT = (
    "You can use Markdown: **bold**, *italic*, [a link](https://example.org), lists starting with "
    "“- ”, and “> ” to quote. Mention a member with @ and their handle."
)


class PostForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 8, "class": "nhsuk-textarea"}),
        max_length=20_000,
    )


class SingleLineField(forms.CharField):
    """Text that must stay on one line (thread titles become email subjects and list entries):
    line breaks, tabs and runs of spaces become single spaces before the length is checked, and
    other control or invisible formatting characters are refused with a message."""

    def to_python(self, value):
        value = collapse_whitespace(super().to_python(value))
        if any(is_hidden_character(char) for char in value):
            raise forms.ValidationError(
                "Remove the hidden control or formatting characters from the title (they may have "
                "come with copied text).",
                code="control_characters",
            )
        return value


class ThreadForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        label="Where should it go?",
        empty_label="Choose a theme or network",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    title = SingleLineField(
        label="Title",
        help_text="A question or a short summary, for example “How did you agree an s251 application?”",
        max_length=160,
        min_length=8,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    body = forms.CharField(
        label="Your message",
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 10, "class": "nhsuk-textarea"}),
        max_length=20_000,
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this post?",
        choices=Flag.REASON_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios__input"}),
    )
    detail = forms.CharField(
        label="Anything moderators should know (optional)",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )


class ProfileForm(forms.ModelForm):
    """The member's profile, including the handle others mention them by (stored as the
    username). Leaving the handle empty keeps the current one."""

    handle = forms.CharField(
        label="Handle",
        required=False,
        max_length=31,
        help_text=(
            "Members mention you with @ and your handle, and it is in your profile's address. "
            "3 to 30 lower-case letters, numbers, hyphens or underscores."
        ),
        widget=forms.TextInput(
            attrs={"class": "nhsuk-input nhsuk-input--width-20", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    pioneer = forms.ModelChoiceField(
        queryset=PioneerProfilePage.objects.live().order_by("title"),
        required=False,
        empty_label="Choose a pioneer",
        label="Pioneer",
        help_text="The pioneer you work in or with, if any.",
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.all(),
        required=False,
        label="Themes you know about",
        widget=forms.CheckboxSelectMultiple(attrs={"class": "nhsuk-checkboxes__input"}),
    )

    class Meta:
        model = MemberProfile
        fields = [
            "display_name",
            "role",
            "organisation",
            "sector",
            "region",
            "pioneer",
            "themes",
            "bio",
            "contactable",
            "email_notifications",
        ]
        widgets = {
            "display_name": forms.TextInput(attrs={"class": "nhsuk-input", "autocomplete": "name"}),
            "role": forms.TextInput(attrs={"class": "nhsuk-input", "autocomplete": "organization-title"}),
            "organisation": forms.TextInput(attrs={"class": "nhsuk-input", "autocomplete": "organization"}),
            "sector": forms.Select(attrs={"class": "nhsuk-select"}),
            "region": forms.Select(attrs={"class": "nhsuk-select"}),
            "bio": forms.Textarea(attrs={"class": "nhsuk-textarea", "rows": 5}),
            "contactable": forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
            "email_notifications": forms.RadioSelect(attrs={"class": "nhsuk-radios__input"}),
        }

    field_order = ["display_name", "handle"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A select's empty option says what to do, not Django's "---------".
        self.fields["sector"].choices = [("", "Choose a sector"), *MemberProfile.SECTOR_CHOICES]
        self.fields["region"].choices = [("", "Choose a region"), *MemberProfile.REGION_CHOICES]
        if self.instance.pk and self.instance.handle_chosen:
            self.fields["handle"].initial = self.instance.handle

    def clean_handle(self):
        value = self.cleaned_data["handle"].strip()
        if not value or value.removeprefix("@").lower() == self.instance.handle.lower():
            return ""  # unchanged
        return clean_handle(value, user=self.instance.user)

    @transaction.atomic
    def save(self, commit=True):
        profile = super().save(commit=False)
        handle = self.cleaned_data.get("handle")
        if handle:
            profile.user.username = handle
            profile.user.save(update_fields=["username"])
            profile.handle_chosen = True
        if commit:
            profile.save()
            self.save_m2m()
        return profile


class SuspendForm(forms.Form):
    days = forms.TypedChoiceField(
        label="Suspend posting for",
        coerce=int,
        choices=[(1, "1 day"), (7, "7 days"), (30, "30 days"), (365, "1 year"), (0, "Lift the suspension")],
        widget=forms.Select(attrs={"class": "nhsuk-select"}),
    )
    reason = forms.CharField(
        label="Reason (the member sees this)",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
