from django import forms

POSTS_CHOICES = [
    ("keep", "Keep what I wrote in discussions, shown as written by “Former member”"),
    ("remove", "Remove what I wrote: each of my posts is emptied and shown as deleted"),
]


class DeleteAccountForm(forms.Form):
    posts = forms.ChoiceField(
        label="What should happen to your posts?",
        help_text="Threads stay, so that others' replies still make sense. Either way your name goes.",
        choices=POSTS_CHOICES,
        widget=forms.RadioSelect(attrs={"class": "nhsuk-radios__input"}),
        error_messages={"required": "Choose what should happen to your posts"},
    )
    keep_story_credit = forms.BooleanField(
        label="Keep my name on the stories I shared that are published as case studies",
        help_text="Otherwise they stay on the site without the “Shared by” credit.",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account and personal data will be deleted and this cannot be undone",
        error_messages={"required": "Confirm that you want to delete your account"},
        widget=forms.CheckboxInput(attrs={"class": "nhsuk-checkboxes__input"}),
    )

    def __init__(self, *args, has_published_stories=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_published_stories:
            del self.fields["keep_story_credit"]

    def choices(self):
        from .services import ErasureChoices

        return ErasureChoices(
            keep_post_content=self.cleaned_data["posts"] == "keep",
            keep_story_credit=self.cleaned_data.get("keep_story_credit", False),
        )


class EraseMemberForm(DeleteAccountForm):
    """An editor acting on a member's emailed request."""

    email = forms.EmailField(
        label="The member's email address",
        error_messages={
            "required": "Enter the member's email address",
            "invalid": "Enter an email address in the correct format, like name@example.nhs.uk",
        },
        widget=forms.EmailInput(attrs={"class": "nhsuk-input"}),
    )
    reason = forms.CharField(
        label="How the member asked",
        help_text="For the audit log, for example “Email of 3 March to the programme team”. "
        "Do not include their name.",
        max_length=200,
        error_messages={"required": "Say how the member asked"},
        widget=forms.TextInput(attrs={"class": "nhsuk-input"}),
    )
    field_order = ["email", "posts", "keep_story_credit", "reason", "confirm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, has_published_stories=True, **kwargs)
        self.fields["confirm"].label = "The member asked for this, and I understand it cannot be undone"
        self.fields[
            "keep_story_credit"
        ].label = "The member asked to keep their name on their published stories"

    def clean_email(self):
        from django.contrib.auth import get_user_model

        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError("No account uses this email address")
        self.member = user
        return email
