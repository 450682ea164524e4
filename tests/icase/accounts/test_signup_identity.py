"""Sign-up makes nothing public from the email address: members give the name others see, and get
a random handle (not mentionable) until they choose one on their profile."""

import re

import pytest

from django.contrib.auth.models import User
from django.core.cache import cache

from icase.community.handles import RANDOM_PREFIX
from icase.community.models import MemberProfile

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-unusual-passphrase-for-icase"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def sign_up(client, **fields):
    data = {"email": "jane.smith@nhs.example", "password1": PASSWORD, "password2": PASSWORD, **fields}
    return client.post("/accounts/signup/", data)


def test_sign_up_asks_for_a_name_and_gives_a_random_handle(client):
    response = sign_up(client, name="  Jane   Smith ")
    assert response.status_code == 302
    user = User.objects.get(email="jane.smith@nhs.example")
    assert re.fullmatch(rf"{RANDOM_PREFIX}[a-z0-9]{{8}}", user.username)
    assert "jane" not in user.username and "smith" not in user.username
    profile = user.profile
    assert profile.display_name == "Jane Smith"
    assert not profile.handle_chosen


def test_handles_are_random_for_each_member(client):
    sign_up(client, name="Jane Smith")
    client.logout()
    sign_up(client, name="Jane Smith", email="jane.smith@council.example")
    first, second = User.objects.filter(email__startswith="jane.smith@").values_list("username", flat=True)
    assert first != second


def test_the_name_is_required_and_the_form_keeps_what_was_typed(client):
    response = sign_up(client, name="   ")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Your name" in content and "Enter your name" in content  # GOV.UK style: say what to do
    assert 'value="jane.smith@nhs.example"' in content
    assert not User.objects.filter(email="jane.smith@nhs.example").exists()


def test_the_sign_up_page_asks_for_the_name_first(client):
    content = client.get("/accounts/signup/").content.decode()
    assert content.index('name="name"') < content.index('name="email"')
    assert 'autocomplete="name"' in content


def test_accounts_made_elsewhere_are_never_named_after_their_email():
    user = User.objects.create_user("someone", "firstname.lastname@nhs.example", PASSWORD)
    assert MemberProfile.for_user(user).display_name == "ICASE member"
