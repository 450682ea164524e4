"""Template helpers that give django-allauth's pages NHS.UK markup and copy in one place.

allauth renders every account page through small "element" templates (templates/allauth/elements)
with Title Case strings ("Sign In", "Two-Factor Authentication") and bare widgets. These helpers
turn those strings into sentence case, as the NHS.UK content style asks, and render each form
widget with the NHS.UK classes and the hint and error ids it must be described by.
"""

import re

from django import template
from django.utils.html import strip_tags

from ..devices import describe
from ..middleware import admin_page_after_mfa

register = template.Library()

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Words that keep their capitals wherever they appear in a heading, label or button.
_KEEP = {"ICASE", "NHS", "IP", "TOTP", "QR", "URL", "Google", "Microsoft", "England"}
# allauth strings that are not just Title Case ("Signup" is a noun; the page says "Sign up").
_REWORDED = {"Signup": "Sign up", "Sign Up": "Sign up"}


def _lower_word(match):
    word = match.group(0)
    if word in _KEEP or (len(word) > 1 and word.isupper()):
        return word
    return word.lower()


@register.filter
def sentence_case(value):
    """'Sign In' -> 'Sign in', 'Two-Factor Authentication' -> 'Two-factor authentication'.

    Only the first letter keeps its capital; acronyms (IP, TOTP) and the names in _KEEP stay as
    they are. Text with markup in it is left alone rather than risk changing an attribute.
    """
    text = str(value).strip()
    if not text or "<" in text:
        return value
    text = _REWORDED.get(text, text)
    first, rest = text[0], text[1:]
    return first.upper() + _WORD.sub(_lower_word, rest) if first.isalpha() else _WORD.sub(_lower_word, text)


_TEXT_INPUTS = {"text", "email", "password", "number", "tel", "url", "search"}


def describedby(field):
    """The ids of the hint and error message a field's widget is described by."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.filter
def input_type(field):
    """What the NHS.UK field template should draw for a bound field: its input type, or the widget
    family (checkbox, radios, checkboxes, select, textarea)."""
    widget = field.field.widget
    kind = getattr(widget, "input_type", None)
    if kind == "radio":
        return "radios"
    if kind == "checkbox" and getattr(widget, "allow_multiple_selected", False):
        return "checkboxes"
    if kind:
        return kind
    return "textarea" if "textarea" in type(widget).__name__.lower() else "text"


@register.simple_tag
def nhsuk_widget(field, extra_class=""):
    """The widget of a bound field with NHS.UK classes, the error state and aria-describedby.

    allauth's forms set placeholders that repeat the label ("Email address"); NHS.UK labels every
    field, and a placeholder looks like a value already entered, so they are removed.
    """
    kind = input_type(field)
    widget = field.field.widget
    attrs = {}
    if kind in _TEXT_INPUTS:
        classes = ["nhsuk-input"]
        if kind == "password":
            classes += ["nhsuk-password-input__input", "nhsuk-js-password-input-input"]
            attrs.update(spellcheck="false", autocapitalize="none")
        if kind == "email":
            attrs.update(spellcheck="false", autocapitalize="none")
        if field.errors:
            classes.append("nhsuk-input--error")
    elif kind == "checkbox":
        classes = ["nhsuk-checkboxes__input"]
    elif kind == "textarea":
        classes = ["nhsuk-textarea"] + (["nhsuk-textarea--error"] if field.errors else [])
    elif kind == "select":
        classes = ["nhsuk-select"] + (["nhsuk-select--error"] if field.errors else [])
    else:
        classes = []
    if extra_class:
        classes.append(extra_class)
    attrs["class"] = " ".join([widget.attrs.get("class", "")] + classes).strip()
    described = describedby(field)
    if described:
        attrs["aria-describedby"] = described
    original_placeholder = widget.attrs.pop("placeholder", None)
    try:
        return field.as_widget(attrs=attrs)
    finally:
        if original_placeholder is not None:
            widget.attrs["placeholder"] = original_placeholder


@register.simple_tag
def error_summary_items(form):
    """(link target, message) for every error on `form`, in page order, for the error summary.

    Errors about the whole form ("The email address and/or password you specified are not
    correct") link to its first field, so every line in the summary goes somewhere.
    """
    if form is None or not getattr(form, "errors", None):
        return []
    visible = [field for field in form.visible_fields()]
    first = f"#{visible[0].id_for_label}" if visible else "#maincontent"
    items = [(first, strip_tags(str(error))) for error in form.non_field_errors()]
    for field in visible:
        items += [(f"#{field.id_for_label}", strip_tags(str(error))) for error in field.errors]
    return items


@register.simple_tag(takes_context=True)
def page_form(context):
    """The form a page is about: allauth calls it `form`, or `verify_form` on its code pages."""
    return context.get("form") or context.get("verify_form")


@register.filter
def unconfirmed(email_addresses):
    """The addresses not yet confirmed: the email page offers to resend only when there are some."""
    return [address for address in email_addresses if not address.verified]


@register.filter
def device(user_agent):
    """A session's user agent as people say it ("Chrome on Linux"); see icase/accounts/devices.py."""
    return describe(user_agent)


@register.simple_tag(takes_context=True)
def admin_after_mfa(context):
    """The admin page an editor was on before being asked to set up two-factor, once it is on."""
    request = context.get("request")
    return admin_page_after_mfa(request) if request is not None else None
