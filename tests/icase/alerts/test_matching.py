"""Matching on publish: a saved search hears of a new item exactly when the search would list it,
only members who may see it are matched, and the work does not grow with the subscribers."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from cms.models import Theme
from icase.alerts import matching
from icase.alerts.models import Alert, Subscription
from icase.community.models import Category, Follow, NetworkMembership
from tests.icase.community.helpers import make_member, make_thread

from .helpers import publish_case_study, subscribe

pytestmark = pytest.mark.django_db


def alerted(subscription):
    return list(Alert.objects.filter(subscription=subscription).values_list("title", flat=True))


@pytest.fixture
def member():
    return make_member("alert-matching-member")


def test_a_saved_search_with_a_filter_hears_only_of_matching_items(
    member, django_capture_on_commit_callbacks
):
    saved = subscribe(member, "reablement", pioneer=["kent"])
    publish_case_study(
        django_capture_on_commit_callbacks,
        title="Reablement at home after hospital",
        summary="A reablement team helps people regain independence at home.",
    )
    publish_case_study(
        django_capture_on_commit_callbacks,
        title="Shared care records",
        summary="Records shared across services.",
    )
    publish_case_study(
        django_capture_on_commit_callbacks,
        pioneer="barnsley",
        title="Reablement in Barnsley",
        summary="A reablement service in another place.",
    )
    assert alerted(saved) == ["Reablement at home after hospital"]


def test_theme_pioneer_and_type_subscriptions(member, django_capture_on_commit_callbacks):
    theme = Theme.objects.first()
    other = Theme.objects.exclude(pk=theme.pk).first()
    by_theme = subscribe(member, theme=[theme.slug])
    by_pioneer = subscribe(member, pioneer=["kent"])
    by_type = subscribe(member, type=["toolkit"])
    by_case_study_type = subscribe(member, type=["case-study"])
    publish_case_study(django_capture_on_commit_callbacks, title="Themed Kent study", themes=[theme])
    publish_case_study(
        django_capture_on_commit_callbacks, pioneer="barnsley", title="Other study", themes=[other]
    )
    assert alerted(by_theme) == ["Themed Kent study"]
    assert alerted(by_pioneer) == ["Themed Kent study"]
    assert alerted(by_type) == []
    assert sorted(alerted(by_case_study_type)) == ["Other study", "Themed Kent study"]


def test_paused_and_ended_subscriptions_and_inactive_members_hear_nothing(
    member, django_capture_on_commit_callbacks
):
    paused = subscribe(member, pioneer=["kent"])
    paused.paused = True
    paused.save()
    ended = subscribe(make_member("alert-ended"), pioneer=["kent"])
    Subscription.objects.filter(pk=ended.pk).update(ended_at="2026-01-01T00:00Z")
    inactive = make_member("alert-inactive")
    gone = subscribe(inactive, pioneer=["kent"])
    type(inactive).objects.filter(pk=inactive.pk).update(is_active=False)
    publish_case_study(django_capture_on_commit_callbacks, title="Nobody hears of this")
    assert alerted(paused) == alerted(ended) == alerted(gone) == []


def test_private_pages_and_republishing_alert_nobody_twice(member, django_capture_on_commit_callbacks):
    saved = subscribe(member, pioneer=["kent"])
    page = publish_case_study(django_capture_on_commit_callbacks, title="Published twice")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert alerted(saved) == ["Published twice"]
    private = publish_case_study(django_capture_on_commit_callbacks, title="Private later")
    Alert.objects.all().delete()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    with django_capture_on_commit_callbacks(execute=True):
        private.save_revision().publish()
    assert alerted(saved) == []


def test_private_network_threads_reach_only_its_members(django_capture_on_commit_callbacks):
    forum = Category.objects.get(slug="integrated-care-payment-forum")
    insider, outsider = make_member("forum-insider"), make_member("forum-outsider")
    NetworkMembership.objects.create(category=forum, user=insider, status=NetworkMembership.APPROVED)
    inside = [
        subscribe(insider, "tariff"),
        Subscription.objects.create(user=insider, label="n", url="/", category=forum),
    ]
    outside = [
        subscribe(outsider, "tariff"),
        Subscription.objects.create(user=outsider, label="n", url="/", category=forum),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(
            insider, category=forum.slug, title="Tariff design question", raw="How did you set the tariff?"
        )
    assert [alerted(s) for s in inside] == [["Tariff design question"]] * 2
    assert [alerted(s) for s in outside] == [[], []]


def test_members_who_follow_the_category_hear_through_community_notifications_only(
    django_capture_on_commit_callbacks,
):
    follower = make_member("category-follower")
    saved = subscribe(follower, "interoperability")
    Follow.objects.create(user=follower, category=Category.objects.get(slug="informatics-network"))
    with django_capture_on_commit_callbacks(execute=True):
        make_thread(
            make_member("thread-starter"),
            title="Interoperability standards",
            raw="Which interoperability standard?",
        )
    assert alerted(saved) == []


def matching_queries(document, count, start):
    for number in range(count):
        user = make_member(f"bulk-subscriber-{start + number}", trusted=False)
        subscribe(user, f"reablement words {number}", pioneer=["kent"])
        subscribe(user, theme=[Theme.objects.first().slug])
    with CaptureQueriesContext(connection) as context:
        matching.match_document(document, "Case study")
    return len(context.captured_queries)


def test_matching_queries_do_not_grow_with_the_subscriptions(django_capture_on_commit_callbacks):
    page = publish_case_study(django_capture_on_commit_callbacks, title="Reablement words for counting")
    from search.documents import registry

    document = registry.for_instance(page).to_document(page)
    matching_queries(document, 1, 100)  # the first reading fills the process's name and theme tables
    few = matching_queries(document, 3, 0)
    many = matching_queries(document, 30, 3)
    assert few == many <= 3
    assert Alert.objects.filter(item_key=document["id"]).count() >= 60
