"""Members' Markdown to safe HTML.

Every piece of member-written HTML passes through `sanitise_html`, the one sanitising function
(nh3, an allowlist). Posts store the raw Markdown, the rendered HTML and `POLICY_VERSION`; when this
policy changes, bump the version and run `manage.py rerender_posts`, which regenerates every post
rendered under an older one. Templates mark only those rendered fields as safe.
"""

import re
import unicodedata
from urllib.parse import urlsplit

import nh3
from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.token import Token

from django.urls import reverse

# 2: mentions link only to handles members chose (MemberProfile.handle_chosen), in lower case.
POLICY_VERSION = 3

ALLOWED_TAGS = {
    "a",
    "blockquote",
    "br",
    "code",
    "s",
    "em",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9][A-Za-z0-9_.-]{1,38}[A-Za-z0-9_])")


def is_safe_url(value):
    """http(s) and mailto URLs, or paths on this site; nothing with hidden or control characters,
    which browsers strip before parsing and attackers use to smuggle `javascript:` past filters."""
    if not value or any(unicodedata.category(char)[0] in ("C", "Z") for char in value):
        return False
    if value.startswith("/"):
        return not value.startswith(("//", "/\\"))
    scheme = urlsplit(value).scheme.lower()
    return scheme in ALLOWED_SCHEMES and value.lower().startswith(f"{scheme}:")


def _filter_attribute(tag, attribute, value):
    if attribute == "href":
        return value if is_safe_url(value) else None
    if attribute == "start":
        return value if value.isdigit() and len(value) < 6 else None
    return value


def sanitise_html(html):
    """The only way member HTML reaches a page. Idempotent: sanitising twice equals once."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        attribute_filter=_filter_attribute,
        strip_comments=True,
        clean_content_tags={"script", "style"},
    )


def _mentions_rule(known_handles, profile_url):
    def rule(state):
        for block in state.tokens:
            if block.type != "inline" or not block.children:
                continue
            children, link_depth = [], 0
            for token in block.children:
                link_depth += token.type == "link_open"
                link_depth -= token.type == "link_close"
                if token.type != "text" or link_depth or "@" not in token.content:
                    children.append(token)
                    continue
                position = 0
                for match in MENTION.finditer(token.content):
                    handle = match.group(1)
                    if handle.lower() not in known_handles:
                        continue
                    children.append(_text(token.content[position : match.start()]))
                    opening = Token("link_open", "a", 1)
                    opening.attrs = {"href": profile_url(handle.lower())}
                    children += [opening, _text(f"@{handle}"), Token("link_close", "a", -1)]
                    position = match.end()
                children.append(_text(token.content[position:]))
            block.children = [child for child in children if child.type != "text" or child.content]

    return rule


def _text(content):
    token = Token("text", "", 0)
    token.content = content
    return token


# Bare web addresses (https://…, www.…, kent.gov.uk) become links; email addresses stay text so
# nobody's address turns into a mailto link for harvesters.
LINKIFY_OPTIONS = {"fuzzy_email": False}
_LINKS = LinkifyIt().set(LINKIFY_OPTIONS)


def link_count(raw):
    """How many links `raw` would render (Markdown links and bare addresses alike), which the
    new-member link limit counts."""
    return len(_LINKS.match(raw or "") or [])


def mentioned_handles(raw):
    """Handles written as @handle, outside code, in the order first written."""
    without_code = re.sub(r"```.*?```|`[^`]*`", " ", raw or "", flags=re.S)
    seen = []
    for handle in MENTION.findall(without_code):
        if handle.lower() not in seen:
            seen.append(handle.lower())
    return seen


def render_markdown(
    raw, known_handles=(), profile_url=lambda handle: reverse("community:member", args=[handle])
):
    """CommonMark (raw HTML shown as text, not passed through), bare web addresses and mentions
    linked, then sanitised.

    Headings are demoted to h3/h4 so a post never competes with the page's own headings.
    """
    parser = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    parser.enable(["strikethrough", "linkify"])
    parser.linkify.set(LINKIFY_OPTIONS)
    parser.core.ruler.push("icase_mentions", _mentions_rule({h.lower() for h in known_handles}, profile_url))
    tokens = parser.parse(raw or "")
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag in ("h1", "h2", "h3") else "h4"
    return sanitise_html(parser.renderer.render(tokens, parser.options, {}))
