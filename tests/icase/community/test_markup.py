"""S1/S2: member HTML is safe. Every payload in xss_payloads.txt (OWASP filter-evasion cheat sheet,
mutation XSS, Unicode and Markdown cases; `\\n` stands for a line break) goes through both ways
member text becomes HTML: Markdown rendering and the sanitiser on raw HTML. The output is re-parsed
independently of the sanitiser's own code."""

import html
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from django.core.management import call_command

from icase.community import markup
from icase.community.markup import render_markdown, sanitise_html

PAYLOADS = [
    line.replace("\\n", "\n")
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
ALLOWED = {
    "a": {"href", "title", "rel"},
    "blockquote": set(),
    "br": set(),
    "code": set(),
    "em": set(),
    "h3": set(),
    "h4": set(),
    "hr": set(),
    "li": set(),
    "ol": {"start"},
    "p": set(),
    "pre": set(),
    "s": set(),
    "strong": set(),
    "ul": set(),
}


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.problems.append(f"tag <{tag}>")
            return
        for name, value in attrs:
            if name.startswith("on") or name not in ALLOWED[tag]:
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href":
                self.check_url(value or "")
            if name == "rel" and value != "nofollow noopener":
                self.problems.append(f"rel={value!r}")
        if tag == "a" and "rel" not in dict(attrs):
            self.problems.append("link without rel")

    handle_startendtag = handle_starttag

    def check_url(self, value):
        if any(unicodedata.category(char)[0] in "CZ" for char in value):
            self.problems.append(f"hidden or control character in URL {value!r}")
        if value.startswith("//") or value.startswith("/\\"):
            self.problems.append(f"protocol-relative URL {value!r}")
        scheme = urlsplit(urljoin("https://icase.example/page/", value)).scheme
        if scheme not in ("http", "https", "mailto"):
            self.problems.append(f"URL scheme {scheme!r} in {value!r}")


def problems_in(output):
    inspector = Inspector()
    inspector.feed(output)
    inspector.close()
    return inspector.problems


def test_the_corpus_is_big_enough():
    assert len(PAYLOADS) >= 230
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_rendering_is_safe_and_stable(payload):
    output = render_markdown(payload, known_handles={"jane"})
    assert problems_in(output) == []
    assert sanitise_html(output) == output


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitising_raw_html_is_safe_and_stable(payload):
    output = sanitise_html(payload)
    assert problems_in(output) == []
    assert sanitise_html(output) == output
    assert "<script" not in output.lower()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Plain text.", "<p>Plain text.</p>\n"),
        (
            "**Bold** and *italic* and ~~gone~~",
            "<p><strong>Bold</strong> and <em>italic</em> and <s>gone</s></p>\n",
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"),
        ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'),
        ("> quoted\n\nreply", "<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>reply</p>\n"),
        (
            "[BCF guidance](https://www.england.nhs.uk/bcf/)",
            '<p><a href="https://www.england.nhs.uk/bcf/" rel="nofollow noopener">BCF guidance</a></p>\n',
        ),
        (
            "[write to us](mailto:icase@example.org)",
            '<p><a href="mailto:icase@example.org" rel="nofollow noopener">write to us</a></p>\n',
        ),
        ("# Big heading\n\n#### Small", "<h3>Big heading</h3>\n<h4>Small</h4>\n"),
        (
            "Use `s251` here\n\n```\ncode <b>\n```",
            "<p>Use <code>s251</code> here</p>\n<pre><code>code &lt;b&gt;\n</code></pre>\n",
        ),
        ("A&E and 5 < 6", "<p>A&amp;E and 5 &lt; 6</p>\n"),
        (
            "Thanks @jane and @nobody",
            '<p>Thanks <a href="/members/jane/" rel="nofollow noopener">@jane</a> and @nobody</p>\n',
        ),
        ("email jane@example.org", "<p>email jane@example.org</p>\n"),
    ],
)
def test_ordinary_formatting_renders_exactly(raw, expected):
    assert render_markdown(raw, known_handles={"jane"}) == expected


def test_mentions_skip_code():
    assert markup.mentioned_handles("Hi @Jane, see `@code` and ```\n@block\n``` and @bob.") == ["jane", "bob"]


@pytest.mark.django_db
def test_rerender_command_regenerates_posts_under_a_new_policy(monkeypatch):
    from tests.icase.community.helpers import make_member, make_thread

    author = make_member("policy-author")
    thread = make_thread(author, raw="See [the guide](https://example.org/guide) **now**")
    post = thread.posts.get()
    assert post.policy_version == markup.POLICY_VERSION
    monkeypatch.setattr(markup, "POLICY_VERSION", markup.POLICY_VERSION + 1)
    monkeypatch.setattr("icase.community.models.POLICY_VERSION", markup.POLICY_VERSION)
    monkeypatch.setattr(
        "icase.community.management.commands.rerender_posts.POLICY_VERSION", markup.POLICY_VERSION
    )
    monkeypatch.setattr(markup, "ALLOWED_TAGS", markup.ALLOWED_TAGS - {"strong"})
    type(post).objects.filter(pk=post.pk).update(html="<p>stale</p>")
    call_command("rerender_posts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    post.refresh_from_db()
    assert post.policy_version == markup.POLICY_VERSION
    assert (
        post.html
        == '<p>See <a href="https://example.org/guide" rel="nofollow noopener">the guide</a> now</p>\n'
    )
    assert html.unescape(post.raw).startswith("See [the guide]")


@pytest.mark.parametrize(
    ("raw", "links"),
    [
        (
            "See https://www.scie.org.uk/integrated-care for more.",
            ["https://www.scie.org.uk/integrated-care"],
        ),
        ("Read www.kingsfund.org.uk or kent.gov.uk.", ["http://www.kingsfund.org.uk", "http://kent.gov.uk"]),
        ("[The toolkit](https://example.org/toolkit)", ["https://example.org/toolkit"]),
        ("Write to a.person@example.org, not a link.", []),
        ("Section s251, version 2.0 and A&E stay text.", []),
        ("`https://inside.example/code` is code.", []),
    ],
)
def test_bare_web_addresses_become_safe_links_and_are_counted_the_same_way(raw, links):
    html_out = render_markdown(raw)
    hrefs = [html.unescape(href) for href in re.findall(r'href="([^"]+)"', html_out)]
    assert hrefs == links
    assert all('rel="nofollow noopener"' in tag for tag in re.findall(r"<a [^>]+>", html_out))
    if "`" not in raw:  # the link limit counts what would be links, code included, to be safe
        assert markup.link_count(raw) == len(links)
