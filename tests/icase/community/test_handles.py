"""Members choose their own handle on the profile page (validated, unique whatever the case, no
reserved words); the member page lives at /members/<handle>/; existing accounts whose handle or
name came from their email address get a random handle and a neutral name."""

import importlib

import pytest

from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from icase.community import services
from icase.community.models import MemberProfile, Notification

from .helpers import make_member, make_thread

pytestmark = pytest.mark.django_db

randomise = importlib.import_module(
    "icase.community.migrations.0004_random_handles_for_email_derived_usernames"
).randomise_derived_handles


def profile_data(**changes):
    return {"display_name": "Jane Smith", "email_notifications": "immediate", "contactable": "on", **changes}


@pytest.fixture
def jane(client):
    user = make_member("member-a1b2c3d4", handle_chosen=False, display_name="Jane Smith")
    client.force_login(user)
    return user


def test_a_member_chooses_a_handle_and_can_then_be_mentioned(client, jane):
    alice = make_member("alice")
    thread = make_thread(alice)
    assert "/members/" not in services.reply(alice, thread, "Over to @jsmith-leeds").html
    response = client.post("/accounts/profile/", profile_data(handle="@JSmith-Leeds"))
    assert response.status_code == 302
    jane.refresh_from_db()
    assert jane.username == "jsmith-leeds" and jane.profile.handle_chosen
    assert client.get("/members/jsmith-leeds/").status_code == 200
    assert client.get("/members/member-a1b2c3d4/").status_code == 404
    post = services.reply(alice, thread, "Thanks @jsmith-leeds")
    assert 'href="/members/jsmith-leeds/"' in post.html
    assert Notification.objects.filter(user=jane, kind="mention").exists()


@pytest.mark.parametrize(
    ("handle", "message"),
    [
        ("ab", "3 to 30 characters"),
        ("jane.smith", "3 to 30 characters"),  # no dots: an email's local part is never a handle
        ("jane smith", "3 to 30 characters"),
        ("-jane", "3 to 30 characters"),
        ("x" * 31, "3 to 30 characters"),
        ("admin", "is reserved"),
        ("Moderator", "is reserved"),
        ("member-zzzz1111", "is reserved"),
        ("ALICE", "already someone"),
    ],
)
def test_bad_or_taken_handles_are_refused_and_the_form_keeps_what_was_typed(client, jane, handle, message):
    make_member("alice")
    response = client.post(
        "/accounts/profile/", profile_data(handle=handle, bio="I lead our shared records work.")
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "I lead our shared records work." in content
    jane.refresh_from_db()
    assert jane.username == "member-a1b2c3d4" and not jane.profile.handle_chosen


def test_leaving_the_handle_empty_keeps_it(client, jane):
    assert client.post("/accounts/profile/", profile_data(handle="")).status_code == 302
    jane.refresh_from_db()
    assert jane.username == "member-a1b2c3d4" and not jane.profile.handle_chosen


def test_profile_page_asks_members_without_a_handle_to_choose_one(client, jane):
    assert "Choose a handle below" in client.get(reverse("community:profile")).content.decode()


def test_existing_email_derived_handles_and_names_are_replaced():
    users = get_user_model().objects
    derived = [
        users.create_user("jane.smith", "Jane.Smith@nhs.example", "x"),
        users.create_user("j.oneil4821", "J.O'Neil@council.example", "x"),  # allauth: cleaned, suffixed
        users.create_user("jane.smith2", "jane.smith@trust.example", "x"),
        users.create_user("whole@address.example", "whole@address.example", "x"),
    ]
    chosen = users.create_user("priya", "priya.shah@nhs.example", "x")
    MemberProfile.objects.filter(user=derived[0]).update(display_name="Jane.Smith")
    MemberProfile.objects.filter(user=chosen).update(display_name="Priya Shah")
    randomise(apps, None)
    handles = set()
    for user in derived:
        user.refresh_from_db()
        assert user.username.startswith("member-") and len(user.username) == len("member-") + 8
        assert not user.profile.handle_chosen
        handles.add(user.username)
    assert len(handles) == len(derived)
    assert MemberProfile.objects.get(user=derived[0]).display_name == "ICASE member"
    chosen.refresh_from_db()
    assert chosen.username == "priya" and chosen.profile.handle_chosen
    assert chosen.profile.display_name == "Priya Shah"
