"""Head tags for sharing and following: `{% share_head %}` in base.html (see icase/alerts/sharing.py)."""

import html
import re

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY
from django.utils.safestring import mark_safe

from ..discussion_feeds import feed_for
from ..sharing import as_json_ld, feed_links, share_details, structured_data

register = template.Library()

_CONTENT = re.compile(r'content="([^"]*)"')


def _rendered_block(context, name):
    """The page's own `{% block name %}`, rendered, on one line ("" if the page has none).

    Views that are not Wagtail pages (threads, networks, the outcomes explorer, barriers…) already
    give their title and description to the head's blocks; reading them here keeps the link preview
    and the tab title one statement, instead of asking every view to say it twice."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    node = blocks.get_block(name) if blocks is not None else None
    if node is None:
        return ""
    with context.push():
        rendered = node.render(context)
    return " ".join(rendered.split())


@register.inclusion_tag("alerts/share_head.html", takes_context=True)
def share_head(context, discussions=None):
    """`discussions`: a community category, or "all", whose discussion feed the page advertises."""
    data = structured_data(context.get("page"))
    share = share_details(context)
    discussion_feed = feed_for(discussions) if discussions is not None else None
    if share.pop("from_blocks"):
        if not context.get("share_title"):
            title = html.unescape(_rendered_block(context, "title")).removeprefix("Error: ")
            share["title"] = title or share["title"]
        described = _CONTENT.search(_rendered_block(context, "meta_description"))
        if described and described.group(1).strip():
            share["description"] = html.unescape(described.group(1).strip())
    return {
        "share": share,
        "feeds": [discussion_feed] if discussion_feed else feed_links(context),
        "json_ld": mark_safe(as_json_ld(data)) if data else "",  # noqa: S308 - escaped by as_json_ld
    }
