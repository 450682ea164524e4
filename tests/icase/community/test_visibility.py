"""One visibility rule, every surface: a private network's thread, tried by each kind of visitor
against lists, the thread page, search results (Elasticsearch and the database fallback),
did-you-mean, autocomplete, the page it discusses, the home page, notifications, emails, the
sitemap and the feeds. Elasticsearch is the real node; nothing is mocked."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.test.utils import override_settings

from cms.models import CaseStudyPage
from icase.community.models import Category, Follow, NetworkMembership, Notification
from search import backend
from tests.search.conftest import fresh_index, refresh  # noqa: F401 - fixture used below

from .helpers import (
    ALLOWED,
    READERS,
    ROLES,
    client_for,
    make_member,
    make_moderator,
    make_thread,
    make_visitor,
)

pytestmark = pytest.mark.django_db

TITLE = "Zanzibarine tariff for community wards"
BODY = "Our xylophonic capitation ledger splits the risk between the council and the trust."


@pytest.fixture
def private_thread(fresh_index, django_capture_on_commit_callbacks):  # noqa: F811
    forum = Category.objects.get(slug="integrated-care-payment-forum")
    assert forum.is_private
    case_study = CaseStudyPage.objects.live().get(slug="kent-proactive-reablement")
    author = make_member("vis-author")
    NetworkMembership.objects.create(category=forum, user=author, status=NetworkMembership.APPROVED)
    visitors = {role: make_visitor(role, forum) for role in ROLES}
    for user in visitors.values():
        if user is not None:  # followed before: say, while the network was still public
            Follow.objects.create(user=user, category=forum)
    deactivated = visitors["inactive"]
    get_user_model().objects.filter(pk=deactivated.pk).update(is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(author, category=forum.slug, title=TITLE, raw=BODY, page=case_study)
    refresh(fresh_index)
    return {"thread": thread, "forum": forum, "visitors": visitors, "case_study": case_study}


def _search_titles(client, query):
    data = client.get("/api/search/", {"q": query}).json()
    return [result["title"] for result in data["results"]], data


def _surfaces(role, world):
    """What `role` can see of the thread, surface by surface."""
    thread, user = world["thread"], world["visitors"][role]
    client = client_for(user)
    seen = {
        "community list": TITLE in client.get("/community/").content.decode(),
        "network list": TITLE in client.get(world["forum"].get_absolute_url()).content.decode(),
        "thread page": client.get(thread.get_absolute_url()).status_code == 200,
        "search results": TITLE in _search_titles(client, "zanzibarine tariff")[0],
        "search by body text": TITLE in _search_titles(client, "xylophonic ledger")[0],
        "did-you-mean": "zanzibarine"
        in (_search_titles(client, "zanzibarin tarif")[1]["suggestion"] or "").lower(),
        "autocomplete": TITLE
        in [
            s["title"] for s in client.get("/api/search/suggest", {"q": "zanzibarine"}).json()["suggestions"]
        ],
        "discussed page": TITLE in client.get(world["case_study"].url).content.decode(),
        "home page": TITLE in client.get("/").content.decode(),
        "sitemap": thread.get_absolute_url() in client.get("/sitemap.xml").content.decode(),
        "feeds": any(
            TITLE in client.get(url).content.decode()
            for url in [
                "/feeds/community/",
                f"/feeds/community/{world['forum'].slug}/",
                "/feeds/search/?q=zanzibarine",
                "/feeds/search/?q=zanzibarine&type=discussion",
            ]
        ),
    }
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        backend.breaker.reset()
        found, data = _search_titles(client, "zanzibarine")
        assert data["backend"] == "database"
        seen["database search"] = TITLE in found
    backend.breaker.reset()
    seen["notified"] = (
        user is not None and Notification.objects.filter(user=user, post__thread=thread).exists()
    )
    seen["emailed"] = user is not None and any(user.email in message.to for message in mail.outbox)
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_a_private_thread_on_every_surface_or_on_none(role, private_thread):
    reads = role in READERS
    expected = {
        "community list": reads,
        "network list": reads,
        "thread page": reads,
        "search results": reads,
        "search by body text": reads,
        "did-you-mean": reads,
        "autocomplete": reads,
        "discussed page": reads,
        "home page": reads,
        "sitemap": False,  # the sitemap and the feeds hold public discussions only, whoever asks
        "feeds": False,
        "database search": reads,
        "notified": role in ALLOWED,
        "emailed": role in ALLOWED,
    }
    assert _surfaces(role, private_thread) == expected


def test_a_network_made_private_leaves_public_search_at_once(fresh_index, django_capture_on_commit_callbacks):  # noqa: F811
    network = Category.objects.get(slug="informatics-network")
    assert not network.is_private
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(make_member("vis-public-author"), category=network.slug, title=TITLE, raw=BODY)
    refresh(fresh_index)
    assert TITLE in _search_titles(Client(), "zanzibarine tariff")[0]
    with django_capture_on_commit_callbacks(execute=True):
        network.is_private = True
        network.save()
    refresh(fresh_index)
    found, data = _search_titles(Client(), "zanzibarine tariff")
    assert TITLE not in found
    assert "zanzibarine" not in (_search_titles(Client(), "zanzibarin tarif")[1]["suggestion"] or "")
    assert thread.get_absolute_url() not in Client().get("/community/").content.decode()


def test_reconcile_finds_visibility_drift_that_no_signal_reported(
    fresh_index,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    from search import maintenance

    network = Category.objects.get(slug="evaluation-network")
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(make_member("vis-drift-author"), category=network.slug, title=TITLE, raw=BODY)
    refresh(fresh_index)
    assert TITLE in _search_titles(Client(), "zanzibarine tariff")[0]
    Category.objects.filter(pk=network.pk).update(is_private=True)  # a bulk change: no signal
    result = maintenance.reconcile()
    assert result["updated"] >= 1
    assert TITLE not in _search_titles(Client(), "zanzibarine tariff")[0]


def test_a_thread_moved_into_a_private_network_is_withheld_from_earlier_notifications(
    django_capture_on_commit_callbacks,
):
    from icase.community import services

    outsider = make_member("vis-outsider")
    public = Category.objects.get(slug="informatics-network")
    Follow.objects.create(user=outsider, category=public)
    with django_capture_on_commit_callbacks(execute=True):
        thread = make_thread(make_member("vis-mover"), category=public.slug, title=TITLE, raw=BODY)
    client = client_for(outsider)
    assert TITLE in client.get("/notifications/").content.decode()
    forum = Category.objects.get(slug="integrated-care-payment-forum")
    services.moderate_thread(make_moderator("vis-mover-moderator"), thread, "move", category=forum)
    page = client.get("/notifications/").content.decode()
    assert TITLE not in page
    assert thread.get_absolute_url() not in page
    assert "discussion you can no longer see" in page


def test_the_database_fallback_never_matches_deleted_hidden_or_pending_posts(
    django_capture_on_commit_callbacks,
):
    from icase.community import services

    author = make_member("vis-fallback-author")
    thread = make_thread(author, title="Shared care records in the first year", raw="Our pentaconter story.")
    deleted = services.reply(author, thread, "The quinquireme contract was signed in March.")
    services.delete(author, deleted)
    hidden = services.reply(author, thread, "The trireme dashboard went live in May.")
    services.moderate_post(make_moderator("vis-fallback-moderator"), hidden, "hide")
    newcomer = make_member("vis-fallback-newcomer", trusted=False)
    pending = services.reply(newcomer, thread, "Our bireme rota starts next week.")
    assert pending.status == pending.PENDING
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        backend.breaker.reset()
        for word in ("quinquireme", "trireme", "bireme"):
            found, data = _search_titles(Client(), word)
            assert data["backend"] == "database"
            assert thread.title not in found, word
        assert thread.title in _search_titles(Client(), "pentaconter")[0]  # the published first post does
    backend.breaker.reset()


def test_did_you_mean_never_offers_a_members_name_or_organisation_to_anonymous_visitors(
    fresh_index,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        member = make_member(
            "vis-profile",
            display_name="Quillonia Vexbridge",
            organisation="Plinthwick Trust",
            contactable=True,
        )
        member.profile.save()
    refresh(fresh_index)
    signed_in = client_for(make_member("vis-profile-reader"))
    assert "vexbridge" in (_search_titles(signed_in, "quillonia vexbrige")[1]["suggestion"] or "").lower()
    for query in ("quillonia vexbrige", "plinthwik trust"):
        suggestion = (_search_titles(Client(), query)[1]["suggestion"] or "").lower()
        assert "vexbridge" not in suggestion and "plinthwick" not in suggestion, query


def test_an_audience_kept_for_a_request_follows_a_change_made_during_it():
    """visibility.audience is worked out once per user object (one request's), yet a membership
    approved, a manager added or removed, or a network opened within the request shows at once."""
    from icase.community import visibility

    forum = Category.objects.get(slug="integrated-care-payment-forum")
    member = make_member("joining")
    assert not visibility.can_view_category(member, forum)
    membership = NetworkMembership.objects.create(
        category=forum, user=member, status=NetworkMembership.APPROVED
    )
    assert visibility.can_view_category(member, forum)
    membership.delete()
    assert not visibility.can_view_category(member, forum)
    forum.managers.add(member)
    assert visibility.can_manage_network(member, forum)
    forum.managers.remove(member)
    assert not visibility.can_manage_network(member, forum)


def test_an_audience_is_worked_out_once_per_request(django_assert_num_queries):
    from icase.community import visibility

    member = make_member("reading")
    visibility.audience(member)
    with django_assert_num_queries(0):
        visibility.audience(member)
