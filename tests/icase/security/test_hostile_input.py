"""Finding 9: every public URL answers hostile input with 200 (ignored or empty results) or a 4xx,
never a server error, anonymously and signed in, on SQLite and PostgreSQL, and the search URLs
with Elasticsearch as well as with the database fallback.

The URL list comes from the URLconf itself (every pattern outside the staff-only admin) plus one
Wagtail page of every page type, so a new view is covered as soon as it is routed; a pattern with
arguments needs a sample in `SAMPLES`, and the test says so when one is missing.
"""

from datetime import date

import pytest

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wagtail.models import Page, get_page_models

from cms.models import DescribedDocument, LearningEventPage, Theme, ThemeIndexPage
from icase.alerts.models import Bulletin
from icase.community.models import Category
from icase.exchange.evidence import add_document
from icase.exchange.models import ProgressReport, SupportRequest
from search import backend
from tests.icase.community.helpers import make_member, make_thread
from tests.icase.exchange.helpers import pioneer, raise_kent_barrier
from tests.search.conftest import search_index, shared_index  # noqa: F401 - Elasticsearch fixtures

pytestmark = pytest.mark.django_db

# Values as they appear in a raw query string, form body or path: percent-escapes are sent undecoded,
# so the invalid UTF-8 ones reach Django as the bytes a hostile client would send.
HOSTILE_VALUES = {
    "nul": "care%00plan",
    "control-characters": "%2Fcare%0D%0ASet-Cookie:%20x=1%01%1b%1f",
    "double-quote": "%22",
    "single-quote": "'",
    "fts-operators": "care%20AND%20OR%20NOT%20*%20%5E%20:%20NEAR(%20((title:care*%20-plan%20%2Bward))"
    "%20%22x'",
    "sql-and-like": "%25_%5C'%20OR%201=1--",
    # Starts with a letter whose lower case is longer (İ), for the 200-character query log column.
    "10000-characters": "%C4%B0" * 200 + "a" * 4_800 + "%20care" * 715,
    "invalid-utf8": "%ff%fe%c0%ed%a0%80%c0%af%F0%9F%92%A9",
    "number-negative": "-1",
    "number-huge": "99999999999999999999",
    "number-not-a-number": "abc",
}
POST_VALUES = ["nul", "control-characters", "10000-characters", "invalid-utf8"]
PATH_VALUES = [
    "nul",
    "control-characters",
    "fts-operators",
    "10000-characters",
    "invalid-utf8",
    "number-huge",
]
# Everything any ICASE view, Wagtail or allauth reads from the query string.
QUERY_PARAMETERS = [
    "q",
    "page",
    "type",
    "theme",
    "pioneer",
    "population",
    "region",
    "year",
    "evaluation",
    "upcoming",
    "sort",
    "when",
    "kind",
    "unread",
    "sector",
    "experts",
    "category",
    "quote",
    "ask",
    "next",
    "status",
    "level",
    "partner",
    "confidence",
]
# Form fields of ICASE's and allauth's forms, for the POST bodies.
FORM_FIELDS = QUERY_PARAMETERS + [
    "email",
    "login",
    "password",
    "password1",
    "password2",
    "oldpassword",
    "code",
    "title",
    "body",
    "reason",
    "days",
    "decision",
    "membership",
    "notification",
    "reply_to",
    "display_name",
    "organisation",
    "role",
    "bio",
    "sector",
    "contactable",
    "description",
    "effect_on_people",
    "rule_or_body",
    "evidence",
    "happened_on",
    "skip_reason",
    "note",
    "narrative",
    "public_title",
    "public_summary",
    "need",
    "needed_by",
    "about_you",
    "outcome",
    "rating",
    "decision",
    "access_needs",
    "dietary_requirements",
    "questions",
    "subject",
    "action",
    "registration",
    "attended",
]
REPEATED = "&".join(["theme=x"] * 5_000)
FORM = "application/x-www-form-urlencoded"

SEARCH_URLS = {"search", "api_search", "api_search_suggest"}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), space)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern


def public_patterns():
    """(route, name, pattern) for every routed URL but the staff-only admin behind its front door,
    and Wagtail's page-serving pattern, which `page_url` covers page type by page type."""
    found = []
    for route, name, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") and route not in ("admin/", "admin/login/"):
            continue
        if name == "wagtail_serve":
            continue
        found.append((route, name, pattern))
    return found


PATTERNS = public_patterns()

# Real objects for the patterns' arguments, by URL name: a `world` key names a fixture value.
SAMPLES = {
    "community:category": {"slug": "category"},
    "community:join_network": {"slug": "network"},
    "community:network_members": {"slug": "network"},
    "community:thread_short": {"pk": "thread"},
    "community:thread": {"pk": "thread", "slug": "thread_slug"},
    "community:reply": {"pk": "thread"},
    "community:edit_post": {"pk": "post"},
    "community:delete_post": {"pk": "post"},
    "community:helpful": {"pk": "post"},
    "community:accept_answer": {"pk": "post"},
    "community:flag_post": {"pk": "post"},
    "community:post_history": {"pk": "post"},
    "community:follow": {"kind": "thread_kind", "key": "thread"},
    "community:moderate_post": {"pk": "post", "action": "post_action"},
    "community:moderate_thread": {"pk": "thread", "action": "thread_action"},
    "community:suspend_member": {"username": "username"},
    "community:member": {"username": "username"},
    "privacy:download": {"signed": "signed_download"},
    "exchange:barrier": {"pk": "barrier"},
    "exchange:change_status": {"pk": "barrier"},
    "exchange:add_affected": {"pk": "barrier"},
    "exchange:follow": {"pk": "barrier"},
    "exchange:add_evidence": {"pk": "barrier"},
    "exchange:evidence_document": {"pk": "barrier", "document_pk": "evidence_document"},
    "exchange:remove_evidence": {"pk": "barrier", "document_pk": "evidence_document"},
    "exchange:add_update": {"pk": "barrier"},
    "exchange:write_summary": {"pk": "barrier"},
    "exchange:approve_summary": {"pk": "barrier"},
    "exchange:withdraw_summary": {"pk": "barrier"},
    "exchange:pioneer_progress": {"slug": "pioneer_slug"},
    "exchange:submit_report": {"slug": "pioneer_slug"},
    "exchange:progress_report": {"pk": "progress_report"},
    "exchange:support_request": {"pk": "support_request"},
    "exchange:support_action": {"pk": "support_request", "action": "support_action"},
    "account_confirm_email": {"key": "key"},
    "account_reset_password_from_key": {"uidb36": "uidb36", "key": "key"},
    "alerts:theme_feed": {"slug": "theme_slug"},
    "alerts:category_discussion_feed": {"slug": "category"},
    "alerts:pioneer_feed": {"slug": "pioneer_slug"},
    "alerts:listing_feed": {"listing": "listing"},
    "alerts:bulletin": {"pk": "bulletin"},
    "wagtaildocs_serve": {0: "document", 1: "document_filename"},
    "events:register": {"pk": "event"},
    "events:cancel": {"pk": "event"},
    "events:accept": {"pk": "event"},
    "events:attendees": {"pk": "event"},
    "events:attendees_csv": {"pk": "event"},
    "events:message": {"pk": "event"},
    "events:attended": {"pk": "event"},
    "events:capacity": {"pk": "event"},
    "events:calendar_theme": {"slug": "theme"},
    "events:calendar_network": {"slug": "category"},
    "events:calendar_mine": {"key": "key"},
    "wagtaildocs_authenticate_with_password": {"restriction_id": "restriction"},
    "wagtailcore_authenticate_with_password": {"page_view_restriction_id": "restriction", "page_id": "home"},
}
SENTINELS = ["918273645", "sentinelx"]


def _arguments(pattern):
    regex = pattern.pattern.regex
    if regex.groupindex:
        return list(regex.groupindex)
    return list(range(regex.groups))


def _reverse(name, values):
    if all(isinstance(key, int) for key in values):
        return reverse(name, args=[values[key] for key in sorted(values)])
    return reverse(name, kwargs=values)


def url_with_slots(name, pattern, world):
    """The pattern's URL with real sample arguments, and for each argument a template of that URL
    with a placeholder where the argument goes (for hostile path values)."""
    arguments = _arguments(pattern)
    if not arguments:
        return reverse(name) if name else "/" + str(pattern.pattern), []
    assert name in SAMPLES, f"add sample arguments for {name} ({pattern.pattern}) to SAMPLES"
    samples = {argument: str(world[SAMPLES[name][argument]]) for argument in arguments}
    templates = []
    for argument in arguments:
        for sentinel in SENTINELS:
            try:
                templates.append(_reverse(name, {**samples, argument: sentinel}).replace(sentinel, "{}"))
                break
            except NoReverseMatch:  # the next sentinel may fit the converter
                continue
        else:
            raise AssertionError(f"add a sentinel that fits {argument} of {name} ({pattern.pattern})")
    return _reverse(name, samples), templates


@pytest.fixture
def world(home):
    member = make_member("hostile-input-member")
    thread = make_thread(member, category="informatics-network", title="Hostile input test thread")
    document = DescribedDocument.objects.first()
    barrier = raise_kent_barrier(make_member("hostile-input-kent", pioneer=pioneer("kent")))
    report = ProgressReport.objects.create(
        pioneer=pioneer("kent"), quarter=date(2015, 1, 1), state="approved"
    )
    asked = SupportRequest.objects.create(
        requester=member, theme=Theme.objects.get(slug="workforce"), need="Help", about_you="Tester"
    )
    evidence_document = add_document(
        barrier.raised_by,
        barrier,
        title="Hostile input evidence",
        file=SimpleUploadedFile("advice.pdf", b"%PDF-1.7 advice", content_type="application/pdf"),
    )
    bulletin = Bulletin.objects.create(title="Hostile bulletin", intro="<p>Hi.</p>", sent_at=timezone.now())
    return {
        "bulletin": bulletin.pk,
        "support_request": asked.pk,
        "support_action": "take",
        "barrier": barrier.pk,
        "evidence_document": evidence_document.pk,
        "pioneer_slug": "kent",
        "progress_report": report.pk,
        "member": member,
        "username": member.username,
        "category": "informatics-network",
        "network": Category.objects.filter(is_private=True).first().slug,
        "thread": thread.pk,
        "thread_slug": thread.slug,
        "post": thread.posts.first().pk,
        "thread_kind": "thread",
        "post_action": "hide",
        "thread_action": "lock",
        "key": "abc-def",
        "uidb36": "1",
        "document": document.pk,
        "document_filename": document.filename,
        "restriction": 1,
        "home": home.pk,
        "signed_download": "not-a-real-download:1xYe0V:signature",
        "event": LearningEventPage.objects.live().first().pk,
        "theme": Theme.objects.first().slug,
        "theme_slug": Theme.objects.first().slug,
        "listing": "case-studies",
    }


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits (sign-in, search logging) count per client address; hundreds of requests here
    must not spill into other tests."""
    cache.clear()
    yield
    cache.clear()


PAGE_TYPES = [model.__name__ for model in get_page_models() if model is not Page]
ROUTED_PAGES = ["theme page", "event calendar (.ics)", "unknown page path"]


def page_url(page_type):
    """One live page of the type (or a routable page's sub-URL), and where a child slug goes."""
    if page_type == "theme page":
        index = ThemeIndexPage.objects.live().get()
        return f"{index.url}{Theme.objects.first().slug}/", [index.url + "{}/"]
    if page_type == "event calendar (.ics)":
        event = LearningEventPage.objects.live().public().first()
        return f"{event.url}calendar/", [event.url + "{}/calendar/"]
    if page_type == "unknown page path":
        return "/no-such-page/", ["/{}/"]
    model = next(model for model in get_page_models() if model.__name__ == page_type)
    page = model.objects.live().public().filter(depth__gt=1).first()
    if page is None:  # the seed has a live page of every type; a new type needs one too
        pytest.fail(f"the seed has no live {page_type}: add one so hostile input reaches it")
    return page.url, [page.url + "{}/"]


def query_strings():
    for label, value in HOSTILE_VALUES.items():
        yield label, "&".join(f"{name}={value}" for name in QUERY_PARAMETERS)
    yield "nul-in-parameter-name", "q%00=care&%00=1"
    yield "5000-repeated-parameters", REPEATED


class Visitor:
    """A test client that records every server error instead of stopping at the first."""

    def __init__(self, user):
        self.user = user
        self.client = Client()
        self.failures = []
        self.sign_in()

    def sign_in(self):
        if self.user is not None:
            self.client.force_login(self.user)

    def check(self, method, url, label, **extra):
        try:
            if method == "post":
                self.sign_in()  # a hostile POST to sign-out or sessions must not end the member's visit
                response = self.client.post(url, **extra)
            else:
                response = self.client.get(url, **extra)
        except Exception as error:  # noqa: BLE001 - the test client re-raises what would be a 500
            self.failures.append(f"{method.upper()} {url[:120]} [{label}]: {error!r}"[:400])
            return
        if response.status_code >= 500:
            self.failures.append(f"{method.upper()} {url[:120]} [{label}]: {response.status_code}")

    def visit(self, url, templates):
        """The hostile query strings and form bodies to `url`, and the hostile path values in
        each of `templates` (the URL with `{}` where an argument goes)."""
        separator = "&" if "?" in url else "?"
        for label, query in query_strings():
            self.check("get", f"{url}{separator}{query}", label)
        for label in POST_VALUES:
            body = "&".join(f"{name}={HOSTILE_VALUES[label]}" for name in FORM_FIELDS)
            self.check("post", url, f"POST {label}", data=body, content_type=FORM)
        for template in templates:
            for label in PATH_VALUES:
                self.check("get", template.format(HOSTILE_VALUES[label]), f"path {label}")

    def assert_no_server_errors(self):
        assert not self.failures, f"{len(self.failures)} server errors:\n" + "\n".join(self.failures[:30])


@pytest.fixture(params=["anonymous", "member"])
def visitor(request, world):
    return Visitor(world["member"] if request.param == "member" else None)


@pytest.mark.parametrize(
    ("route", "name", "pattern"),
    [row for row in PATTERNS if row[1] not in SEARCH_URLS],
    ids=[row[0] for row in PATTERNS if row[1] not in SEARCH_URLS],
)
def test_url_patterns_never_answer_hostile_input_with_a_server_error(visitor, world, route, name, pattern):
    url, templates = url_with_slots(name, pattern, world)
    visitor.visit(url, templates)
    visitor.assert_no_server_errors()


@pytest.mark.parametrize("page_type", PAGE_TYPES + ROUTED_PAGES)
def test_wagtail_pages_never_answer_hostile_input_with_a_server_error(visitor, page_type):
    url, templates = page_url(page_type)
    visitor.visit(url, templates)
    visitor.assert_no_server_errors()


@pytest.mark.parametrize("search_backend", ["database", "elasticsearch"])
@pytest.mark.parametrize("name", sorted(SEARCH_URLS))
def test_search_never_answers_hostile_input_with_a_server_error(request, visitor, search_backend, name):
    def answering_backend():
        return Client().get("/api/search/", {"q": "care"}).json()["backend"]

    if search_backend == "elasticsearch":
        request.getfixturevalue("search_index")
        answering_backend()  # warms a just-built index: on a busy machine it can outlast the timeout
        backend.breaker.reset()
    assert answering_backend() == search_backend
    visitor.visit(reverse(name), [])
    visitor.assert_no_server_errors()


def test_every_public_pattern_is_covered():
    """The list above is the URLconf's; this fails if walking it ever finds nothing to test."""
    names = {name for _route, name, _pattern in PATTERNS}
    assert {"search", "api_search", "community:member", "healthz", "wagtaildocs_serve"} <= names
    assert len(PATTERNS) > 50
