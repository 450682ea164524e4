from django import forms

from .models import Subscription


class SubscriptionChangeForm(forms.Form):
    """How often one subscription emails, and whether it is paused."""

    frequency = forms.ChoiceField(
        label="How often",
        choices=Subscription.FREQUENCY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often we should email you",
            "invalid_choice": "Select how often we should email you",
        },
    )
    paused = forms.BooleanField(label="Pause these emails for now", required=False)
