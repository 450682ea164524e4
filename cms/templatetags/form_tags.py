"""The control of a form field as NHS.UK draws it (templates/includes/form_field.html).

Forms give their widgets the base class ("nhsuk-input", "nhsuk-select", "nhsuk-textarea"); a field
in error also needs the modifier on the control itself, as NHS.UK's error pattern and the account
pages have it (a red border on the box, not only the message above), and the control must point
at its hint and error message for screen readers. Doing it here covers every form at once.
"""

from django import template

register = template.Library()

ERROR_MODIFIERS = ("nhsuk-input", "nhsuk-select", "nhsuk-textarea", "nhsuk-file-upload__input")


@register.simple_tag
def nhsuk_control(field):
    widget = field.field.widget
    attrs = {}
    described = widget.attrs.get("aria-describedby", "").split()
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        classes = widget.attrs.get("class", "").split()
        attrs["class"] = " ".join(classes + [f"{name}--error" for name in ERROR_MODIFIERS if name in classes])
        described.append(f"{field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(dict.fromkeys(described))
    return field.as_widget(attrs=attrs)
