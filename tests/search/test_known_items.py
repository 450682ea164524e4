"""The known-item guarantee: a page's exact title, or its pioneer and a distinctive word of its title,
puts that page in the top 3 — for every seeded page, on both backends."""

import re

import pytest
import yaml

from django.conf import settings

from search.query import run_search
from search.request import SearchRequest
from search.understanding import STOP_WORDS

pytestmark = pytest.mark.django_db

FIXTURES = settings.BASE_DIR / "fixtures"


def entries(name):
    """The list of page entries in a fixture file, whether it is the file itself or under a key."""
    data = yaml.safe_load((FIXTURES / f"{name}.yaml").read_text())
    if isinstance(data, dict):
        data = next(value for value in data.values() if isinstance(value, list))
    return data


def seeded_pages():
    """(title, url, pioneer short name) of every seeded content page, read from the fixtures."""
    pioneers = entries("pioneers")
    short = {p["slug"]: p["short_name"] for p in pioneers}
    pages = [(p["title"], f"/pioneers/{p['slug']}/", None) for p in pioneers]
    for study in entries("case_studies"):
        pages.append(
            (study["title"], f"/pioneers/{study['pioneer']}/{study['slug']}/", short[study["pioneer"]])
        )
    for section in ("toolkits", "events", "collections"):
        pages += [(item["title"], f"/{section}/{item['slug']}/", None) for item in entries(section)]
    return pages


PAGES = seeded_pages()


def top3(query):
    return [result.url for result in run_search(SearchRequest(query=query)).results[:3]]


@pytest.mark.parametrize(("title", "url", "pioneer"), PAGES, ids=[page[1] for page in PAGES])
def test_exact_title_finds_the_page_in_the_top_3(engine, title, url, pioneer):
    assert url in top3(title), f"{title!r} ({engine})"


def distinctive_word(title, pioneer):
    """The title's longest word that is neither a stop word nor part of the pioneer's name."""
    names = set(re.findall(r"\w+", (pioneer or "").lower()))
    words = [w for w in re.findall(r"[A-Za-z0-9]+", title) if w.lower() not in STOP_WORDS | names]
    return max(words, key=len) if words else None


CASE_STUDIES = [page for page in PAGES if page[2]]


@pytest.mark.parametrize(("title", "url", "pioneer"), CASE_STUDIES, ids=[page[1] for page in CASE_STUDIES])
def test_pioneer_and_a_distinctive_title_word_find_the_page_in_the_top_3(engine, title, url, pioneer):
    query = f"{pioneer} {distinctive_word(title, pioneer)}"
    assert url in top3(query), f"{query!r} ({engine})"
