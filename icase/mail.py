"""Every email ICASE sends, in one plain, branded shape: text and HTML.

Each email says who it is from (the site name and address), what happened, why the reader got it
and where to change that. The content of an email is one plain-text template; base.txt and
base.html (templates/email/) put it in the same frame, so the text and HTML versions always say the
same thing. allauth's account emails come here through icase.accounts.adapter.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .links import absolute_url, base_url


def frame_context(*, reason, settings_path, settings_label, name=""):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_title": "the Integrated Care and Support Exchange",
        "site_url": base_url(),
        "home_url": absolute_url("/"),
        "reason": reason,
        "settings_url": absolute_url(settings_path),
        "settings_label": settings_label,
        "name": name,
    }


def text_to_html(text):
    """Plain email text as HTML paragraphs with clickable links; everything else is escaped."""
    # urlize escapes everything that is not a link it makes; linebreaks only adds <p> and <br>.
    return mark_safe(linebreaks_filter(urlize(text, autoescape=True), autoescape=False))  # noqa: S308


def frame(body, **frame_args):
    """(text, html) for an email whose content is `body` (plain text)."""
    context = {**frame_context(**frame_args), "body": body.strip()}
    text = render_to_string("email/base.txt", context).strip() + "\n"
    html = render_to_string("email/base.html", {**context, "body_html": text_to_html(body.strip())})
    return text, html


def build_email(to, subject, template, context, **frame_args):
    """An EmailMultiAlternatives: `template` (plain text) rendered with `context` and the frame."""
    body = render_to_string(template, {**frame_context(**frame_args), **context})
    text, html = frame(body, **frame_args)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to] if isinstance(to, str) else list(to))
    message.attach_alternative(html, "text/html")
    return message


def send_email(to, subject, template, context, **frame_args):
    build_email(to, subject, template, context, **frame_args).send()
