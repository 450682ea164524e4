"""allauth's account and two-factor forms with NHS.UK / GOV.UK wording.

The library's forms say "Remember Me", "New Password (again)" and "This field is required."; the
GOV.UK error message style asks for labels in sentence case and errors that say what to do
("Enter your email address"). The forms keep allauth's behaviour (validation, rate limits, the
identical answers for known and unknown addresses): only labels and messages change. Settings
ACCOUNT_FORMS and MFA_FORMS name these classes.
"""

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms

from django import forms
from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators

# field name: (label, message when left empty). Fields of a form not named here keep allauth's.
COPY = {
    "login": ("Email address", "Enter your email address"),
    "email": ("Email address", "Enter your email address"),
    "password": ("Password", "Enter your password"),
    "remember": ("Keep me signed in on this device", None),
    "oldpassword": ("Current password", "Enter your current password"),
    "code": ("Code", "Enter the code"),
}
NEW_PASSWORD = {
    "password1": ("Create a password", "Enter a password"),
    "password2": ("Confirm your password", "Enter your password again"),
}
CHANGED_PASSWORD = {
    "password1": ("New password", "Enter a new password"),
    "password2": ("Confirm your new password", "Enter your new password again"),
}
# allauth's messages, reworded: the same words for everyone, so no account is revealed.
REWORDED = {
    "You must type the same password each time.": "Enter the same password in both fields",
    "The email address and/or password you specified are not correct.": (
        "The email address or password is not correct. Check them and try again."
    ),
    "Enter a valid email address.": "Enter an email address in the correct format, like name@example.nhs.uk",
    "Please type your current password.": "Enter your current password",
    "Incorrect code.": "The code is not correct. Check it and try again.",
}


def password_hint():
    """The new-password hint in plain words, instead of Django's bullet list of validator rules
    ("can't be entirely numeric"). The length comes from the configured validator."""
    lengths = [
        v.min_length for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator)
    ]
    length = f"at least {max(lengths)} characters" if lengths else "a long password"
    return (
        f"Use {length}. Do not use only numbers, a common password or one that looks like your name "
        "or email address."
    )


class NHSCopy:
    """Relabels fields, sets GOV.UK-style 'required' messages and rewords allauth's errors."""

    copy = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wording = {**COPY, **self.copy}
        for name, field in self.fields.items():
            if name not in wording:
                continue
            label, required = wording[name]
            field.label = label
            if required:
                field.error_messages["required"] = required
            if name == "password1":
                field.help_text = password_hint()
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = REWORDED["Enter a valid email address."]

    def add_error(self, field, error):
        if isinstance(error, str):
            error = REWORDED.get(error, error)
        elif isinstance(error, forms.ValidationError) and not hasattr(error, "error_dict"):
            error = forms.ValidationError([REWORDED.get(message, message) for message in error.messages])
        super().add_error(field, error)


class LoginForm(NHSCopy, account_forms.LoginForm):
    pass


class SignupForm(NHSCopy, account_forms.SignupForm):
    copy = {**NEW_PASSWORD, "name": ("Your name", "Enter your name")}


class AddEmailForm(NHSCopy, account_forms.AddEmailForm):
    pass


class ChangePasswordForm(NHSCopy, account_forms.ChangePasswordForm):
    copy = CHANGED_PASSWORD


class SetPasswordForm(NHSCopy, account_forms.SetPasswordForm):
    copy = NEW_PASSWORD


class ResetPasswordForm(NHSCopy, account_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(NHSCopy, account_forms.ResetPasswordKeyForm):
    copy = CHANGED_PASSWORD


class ReauthenticateForm(NHSCopy, account_forms.ReauthenticateForm):
    pass


class RequestLoginCodeForm(NHSCopy, account_forms.RequestLoginCodeForm):
    pass


class ConfirmLoginCodeForm(NHSCopy, account_forms.ConfirmLoginCodeForm):
    copy = {"code": ("Sign-in code", "Enter the sign-in code from your email")}


class AuthenticateForm(NHSCopy, mfa_forms.AuthenticateForm):
    copy = {"code": ("Code from your authenticator app or a recovery code", "Enter a code")}


class MFAReauthenticateForm(NHSCopy, mfa_forms.ReauthenticateForm):
    copy = {"code": ("Code from your authenticator app or a recovery code", "Enter a code")}


class ActivateTOTPForm(NHSCopy, totp_forms.ActivateTOTPForm):
    copy = {"code": ("Code from your authenticator app", "Enter the 6-digit code from the app")}
