"""The extra questions on allauth's sign-up form: the name other members see, and whether to get
the editors' bulletin.

Asking for the name means the name shown with a member's posts comes from the member, never from
their email address (allauth adds these fields to its own sign-up form: ACCOUNT_SIGNUP_FORM_CLASS).
The bulletin box starts unticked: nobody is opted in to email they did not ask for.
"""

from django import forms

from icase.alerts import bulletins
from icase.community.models import MemberProfile
from icase.community.text import single_line


class SignupForm(forms.Form):
    field_order = ["name", "email", "password1", "password2", "bulletin"]

    name = forms.CharField(
        label="Your name",
        max_length=80,
        help_text="Shown with your posts and on your profile. You can change it later.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    bulletin = forms.BooleanField(
        label="Send me the editors’ bulletin",
        required=False,
        help_text="The programme editors’ picks of new learning, by email. You can stop it at any time.",
    )

    def clean_name(self):
        name = single_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Enter your name.")
        return name

    def signup(self, request, user):
        profile = MemberProfile.for_user(user)
        profile.display_name = self.cleaned_data["name"]
        profile.save(update_fields=["display_name"])
        if self.cleaned_data.get("bulletin"):
            bulletins.set_opt_in(user, True)
