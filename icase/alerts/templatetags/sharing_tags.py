"""Head tags for sharing and following: `{% share_head %}` in base.html (see icase/alerts/sharing.py)."""

from django import template
from django.utils.safestring import mark_safe

from ..sharing import as_json_ld, feed_links, share_details, structured_data

register = template.Library()


@register.inclusion_tag("alerts/share_head.html", takes_context=True)
def share_head(context):
    data = structured_data(context.get("page"))
    return {
        "share": share_details(context),
        "feeds": feed_links(context),
        "json_ld": mark_safe(as_json_ld(data)) if data else "",  # noqa: S308 - escaped by as_json_ld
    }
