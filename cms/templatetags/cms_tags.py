import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

register = template.Library()
JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def theme_url(context, theme):
    """The theme's page lives under the theme index page, wherever an editor has put it."""
    themes_page = context["nav"].get("themes")
    if themes_page is None:
        return ""
    return f"{themes_page.get_url(context.get('request'))}{theme.slug}/"


@register.simple_tag(takes_context=True)
def remove_filter_url(context, name, value):
    """The current listing URL without one selected filter value, or without the parameter when
    `value` is empty (and back on page 1)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    remaining = [v for v in params.getlist(name) if value and v != value]
    params.setlist(name, remaining)
    query = urlencode([(k, v) for k in params for v in params.getlist(k)])
    return f"?{query}" if query else "?"


@register.filter
def content_type_label(page):
    return page.specific_class._meta.verbose_name.replace(" page", "").capitalize()


@register.filter
def is_within(page, section):
    """True when `page` is `section` or below it, for highlighting the current navigation item."""
    return bool(page) and hasattr(page, "path") and page.path.startswith(section.path)


@register.filter
def json_ld(data):
    """schema.org data as a JSON-LD data block. Browsers never run a script element of this type,
    so the strict CSP (no inline scripts) is untouched; <, > and & are escaped as in json_script."""
    if not data:
        return ""
    escaped = json.dumps(data, cls=DjangoJSONEncoder).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))  # noqa: S308


@register.simple_tag
def breadcrumb_trail(page):
    """The page's ancestors below the tree root, home first; the last is its parent. A page served
    through the routing walk already has them (cms/routing.py), others take one query."""
    if hasattr(page, "breadcrumb_ancestors"):
        return page.breadcrumb_ancestors()
    return list(page.get_ancestors().filter(depth__gte=2))
