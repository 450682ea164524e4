from django import forms

from .models import Registration


class RegistrationForm(forms.ModelForm):
    """Everything is optional: registering is one click; the details help organisers plan."""

    class Meta:
        model = Registration
        fields = ["access_needs", "dietary_requirements", "questions"]
        labels = {
            "access_needs": "Access needs",
            "dietary_requirements": "Dietary requirements",
        }
        help_texts = {
            "access_needs": "For example step-free access, a hearing loop or captions.",
            "dietary_requirements": "For in-person events with food.",
            "questions": "The organisers pass them to the speakers.",
        }
        widgets = {name: forms.Textarea(attrs={"class": "nhsuk-textarea", "rows": 3}) for name in fields}


class AddAttendeeForm(forms.Form):
    email = forms.EmailField(
        label="Member's email address",
        widget=forms.EmailInput(attrs={"class": "nhsuk-input", "autocomplete": "off"}),
    )


class MessageAttendeesForm(forms.Form):
    subject = forms.CharField(max_length=150, widget=forms.TextInput(attrs={"class": "nhsuk-input"}))
    body = forms.CharField(
        label="Message", max_length=5000, widget=forms.Textarea(attrs={"class": "nhsuk-textarea", "rows": 8})
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label="Number of places",
        required=False,
        min_value=0,
        max_value=100000,
        help_text="Leave empty for unlimited places.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input nhsuk-input--width-5", "inputmode": "numeric"}),
    )


class ListAttendedForm(forms.Form):
    list_attended = forms.BooleanField(
        label="List the events I attended on my member page",
        required=False,
        help_text="Others see only the events they could see themselves.",
        widget=forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
    )
