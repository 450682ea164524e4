"""Every community view for every kind of visitor: anonymous, a member, a member outside the
private network, a member of it, and a moderator. Private content answers 404 to outsiders, so
its existence does not leak; moderator-only views answer 403 to members."""

import pytest

from django.test import Client

from icase.community.models import Category, NetworkMembership

from .helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db

LOGIN = "login"  # a redirect to the sign-in page


@pytest.fixture
def world():
    forum = Category.objects.get(slug="integrated-care-payment-forum")
    insider = make_member("network-insider")
    NetworkMembership.objects.create(category=forum, user=insider, status="approved")
    author = make_member("public-author")
    public = make_thread(author)
    private = make_thread(insider, category=forum.slug, title="Private capitation contract drafts")
    clients = {"anonymous": Client()}
    for role, user in {
        "member": make_member("plain-member"),
        "outsider": make_member("outsider"),
        "insider": insider,
        "moderator": make_moderator(),
    }.items():
        clients[role] = Client()
        clients[role].force_login(user)
    return {
        "clients": clients,
        "public": public,
        "private": private,
        "public_post": public.posts.get().pk,
        "private_post": private.posts.get().pk,
        "forum": forum,
    }


ROLES = ["anonymous", "member", "outsider", "insider", "moderator"]
# (name, method, url template, expected status per role in ROLES order)
MATRIX = [
    ("public thread", "get", "{public_url}", [200, 200, 200, 200, 200]),
    ("private thread", "get", "{private_url}", [404, 404, 404, 200, 200]),
    ("private network page", "get", "/community/c/integrated-care-payment-forum/", [200] * 5),
    ("reply to public", "get", "/community/reply/{public}/", [LOGIN, 200, 200, 200, 200]),
    ("reply to private", "get", "/community/reply/{private}/", [LOGIN, 404, 404, 200, 200]),
    ("edit someone's public post", "get", "/community/p/{public_post}/edit/", [LOGIN, 403, 403, 403, 200]),
    ("edit own private post", "get", "/community/p/{private_post}/edit/", [LOGIN, 404, 404, 200, 200]),
    (
        "delete someone's public post",
        "get",
        "/community/p/{public_post}/delete/",
        [LOGIN, 403, 403, 403, 200],
    ),
    ("report public post", "get", "/community/p/{public_post}/flag/", [LOGIN, 200, 200, 200, 200]),
    ("report private post", "get", "/community/p/{private_post}/flag/", [LOGIN, 404, 404, 200, 200]),
    ("post history", "get", "/community/p/{public_post}/history/", [LOGIN, 403, 403, 403, 200]),
    ("helpful on private", "post", "/community/p/{private_post}/helpful/", [LOGIN, 404, 404, 302, 302]),
    ("accept answer", "post", "/community/p/{public_post}/answer/", [LOGIN, 403, 403, 403, 302]),
    ("follow private thread", "post", "/community/follow/thread/{private}/", [LOGIN, 404, 404, 302, 302]),
    (
        "follow private network",
        "post",
        "/community/follow/category/integrated-care-payment-forum/",
        [LOGIN, 404, 404, 302, 302],
    ),
    (
        "network members",
        "get",
        "/community/c/integrated-care-payment-forum/members/",
        [LOGIN, 403, 403, 403, 200],
    ),
    ("moderation queue", "get", "/community/moderation/", [LOGIN, 403, 403, 403, 200]),
    ("moderation log", "get", "/community/moderation/log/", [LOGIN, 403, 403, 403, 200]),
    ("lock a thread", "post", "/community/moderation/t/{public}/lock/", [LOGIN, 403, 403, 403, 302]),
    ("hide a post", "post", "/community/moderation/p/{public_post}/hide/", [LOGIN, 403, 403, 403, 302]),
    ("suspend", "post", "/community/moderation/member/plain-member/suspend/", [LOGIN, 403, 403, 403, 302]),
    ("notifications", "get", "/notifications/", [LOGIN, 200, 200, 200, 200]),
    ("directory", "get", "/members/", [LOGIN, 200, 200, 200, 200]),
    (
        "a member who is not contactable (the member is themself)",
        "get",
        "/members/plain-member/",
        [LOGIN, 200, 404, 404, 200],
    ),
    ("profile", "get", "/accounts/profile/", [LOGIN, 200, 200, 200, 200]),
    ("new thread", "get", "/community/new/", [LOGIN, 200, 200, 200, 200]),
    (
        "ask to join the private network",
        "post",
        "/community/c/integrated-care-payment-forum/join/",
        [LOGIN, 302, 302, 302, 302],
    ),
    (
        "ask to join a public category",
        "post",
        "/community/c/informatics-network/join/",
        [LOGIN, 404, 404, 404, 404],
    ),
    ("mark notifications read", "post", "/notifications/read/", [LOGIN, 302, 302, 302, 302]),
    ("approve a post", "post", "/community/moderation/p/{public_post}/approve/", [LOGIN, 403, 403, 403, 302]),
    (
        "move a thread",
        "post",
        "/community/moderation/t/{public}/unknown-action/",
        [LOGIN, 403, 403, 403, 404],
    ),
    ("share your story", "get", "/share-your-story/", [LOGIN, 200, 200, 200, 200]),
]


@pytest.mark.parametrize(("name", "method", "template", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_view_permissions(world, name, method, template, expected):
    url = template.format(
        public=world["public"].pk,
        private=world["private"].pk,
        public_url=world["public"].get_absolute_url(),
        private_url=world["private"].get_absolute_url(),
        public_post=world["public_post"],
        private_post=world["private_post"],
    )
    data = {"days": 1, "reason": "Testing"} if "suspend" in url else {}
    for role, want in zip(ROLES, expected, strict=True):
        response = getattr(world["clients"][role], method)(url, data)
        if want == LOGIN:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (role, url)
        else:
            assert response.status_code == want, (role, url, response.status_code)


def test_outsiders_cannot_post_into_a_private_network(world):
    outsider = world["clients"]["outsider"]
    response = outsider.post(
        "/community/new/",
        {"category": world["forum"].pk, "title": "Sneaking into the forum", "body": "Hello"},
    )
    assert response.status_code == 400
    assert not world["forum"].threads.filter(title="Sneaking into the forum").exists()


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/community/c/integrated-care-payment-forum/members/", "membership"),
        ("/notifications/read/", "notification"),
        ("/community/moderation/t/{public}/move/", "category"),
    ],
)
def test_malformed_ids_never_cause_a_server_error(world, url, field):
    response = world["clients"]["moderator"].post(url.format(public=world["public"].pk), {field: "abc"})
    assert response.status_code in (302, 404)
