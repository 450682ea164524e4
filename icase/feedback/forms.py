"""Forms with GOV.UK-style messages: they say what to do ("Enter your name"), not what is wrong."""

from django import forms

from cms.widgets import CharacterCountTextarea

from .models import ContactMessage


class ContactForm(forms.ModelForm):
    topic = forms.ChoiceField(
        label="What is it about?",
        choices=ContactMessage.TOPIC_CHOICES,  # no empty "---------" choice among the radios
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios__input"}),
        error_messages={"required": "Select what your message is about"},
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "topic", "message"]
        labels = {
            "name": "Your name",
            "email": "Email address",
            "topic": "What is it about?",
            "message": "Message",
        }
        help_texts = {
            "email": "We only use this to reply to you.",
            "message": "Do not include anything that could identify a patient or service user.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"class": "nhsuk-input", "autocomplete": "name"}),
            "email": forms.EmailInput(
                attrs={"class": "nhsuk-input", "autocomplete": "email", "spellcheck": "false"}
            ),
            "message": CharacterCountTextarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {"required": "Enter your name"},
            "email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
            "message": {
                "required": "Enter your message",
                "max_length": "Message must be 3,000 characters or fewer",
            },
        }


class PageFeedbackForm(forms.Form):
    page = forms.IntegerField(widget=forms.HiddenInput)
    useful = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], coerce=lambda value: value == "yes"
    )
    comment = forms.CharField(
        required=False,
        max_length=1000,
        error_messages={"max_length": "Your comment must be 1,000 characters or fewer"},
    )
