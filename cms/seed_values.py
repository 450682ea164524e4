"""Fixture values into page field values: rich text, body blocks, dates with their precision, sources.

Kept apart from the loader (cms/seed.py) so each stays a readable size; the loader imports these.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.html import escape

LONDON = ZoneInfo("Europe/London")


class SeedError(Exception):
    """A fixture refers to something that does not exist; the message names the entry."""


# "[the contact page](/contact/)": a link, to a path on the site or an https address only.
LINK = re.compile(r"\[([^\]]+)\]\((/[^\s)]*|https://[^\s)]+)\)")


def _inline(text):
    """Escaped text, with [words](address) links the service's own pages need ("the contact page")."""
    return LINK.sub(lambda match: f'<a href="{match.group(2)}">{match.group(1)}</a>', escape(text))


def rich_text(text):
    """Plain paragraphs separated by newlines become <p>; lines starting "- " become a list."""
    html, items = [], []
    for line in (text or "").strip().splitlines():
        line = line.strip()
        if line.startswith("- "):
            items.append(f"<li>{_inline(line[2:])}</li>")
            continue
        if items:
            html.append(f"<ul>{''.join(items)}</ul>")
            items = []
        if line:
            html.append(f"<p>{_inline(line)}</p>")
    if items:
        html.append(f"<ul>{''.join(items)}</ul>")
    return "".join(html)


def body_blocks(items):
    """Body entries: a string is a paragraph; {heading: text} is a heading; other keys are blocks."""
    blocks = []
    for item in items or []:
        if isinstance(item, str):
            blocks.append(("paragraph", rich_text(item)))
        elif "heading" in item and isinstance(item["heading"], str):
            blocks.append(("heading", {"text": item["heading"], "level": "h2"}))
        else:
            ((block_type, value),) = item.items()
            blocks.append(section_block(block_type, value))
    return blocks


def section_block(block_type, value):
    if block_type == "paragraph":
        return ("paragraph", rich_text(value))
    if block_type == "heading":
        return ("heading", {"text": value["text"], "level": value.get("level", "h2")})
    if block_type == "inset_text":
        return ("inset_text", {"text": rich_text(value)})
    if block_type == "steps":
        steps = [{"title": step["title"], "body": rich_text(step["body"])} for step in value["steps"]]
        return ("steps", {"heading": value.get("heading", ""), "steps": steps})
    if block_type == "checklist":
        return ("checklist", {"heading": value["heading"], "items": value["items"]})
    if block_type == "i_statements":
        return ("i_statements", {"group": (value or {}).get("group", "")})
    raise SeedError(f"Unknown block type {block_type!r}")


def source_blocks(spec):
    """A fixture's `sources` as the page's Source line (a StreamField of document and section)."""
    return [
        ("source", {"document": item["document"], "section": item.get("section", "")})
        for item in spec.get("sources", [])
    ]


def london_datetime(value):
    if value is None:
        return None
    parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return parsed.replace(tzinfo=LONDON) if parsed.tzinfo is None else parsed


def as_date(value):
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def dated(value):
    """A fixture date and its precision: 2015-02-10 is a day, "2015-02" a month, 2015 a year.

    A month or year is stored as its first day and shown only as the month or year.
    """
    if value is None or value == "unknown":
        return None, "unknown"
    if isinstance(value, date):
        return value, "day"
    text = str(value)
    if len(text) == 4:
        return date(int(text), 1, 1), "year"
    if len(text) == 7:
        return date.fromisoformat(f"{text}-01"), "month"
    return date.fromisoformat(text), "day"


def outcome_objects(outcome_model, specs, where):
    """A case study's outcomes from its fixture entry, each validated as the admin would validate it.

    `quote` is the source's wording, kept in the fixture for the provenance test only. A fixture
    outcome the admin would refuse (a rise stored negative, no source) stops the load with its entry.
    """
    outcomes = []
    for number, spec in enumerate(specs, start=1):
        outcome = outcome_model(**{key: value for key, value in spec.items() if key != "quote"})
        try:
            outcome.full_clean(exclude=["page", "sort_order"])
        except ValidationError as error:
            raise SeedError(f"{where}, outcome {number}: {error.message_dict}") from error
        outcomes.append(outcome)
    return outcomes
