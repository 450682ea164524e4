"""Ask the pioneer from a content page, the members' directory, profiles, sign-in redirects and the
home page's discussions, through the views."""

import pytest

from django.test import Client

from cms.models import CaseStudyPage
from icase.community.models import (
    Category,
    Notification,
    Thread,
)

from .helpers import PASSWORD, make_member, make_thread, signed_in

pytestmark = pytest.mark.django_db


# Content pages, Ask the pioneer and the directory -----------------------------------------------


def test_ask_the_pioneer_from_a_case_study(client, alice):
    case_study = CaseStudyPage.objects.live().select_related("pioneer").first()
    lead = make_member(
        "pioneer-lead", pioneer=case_study.pioneer, contactable=True, role="Programme director"
    )
    page = client.get(case_study.url).content.decode()
    assert "Pioneer Lead" in page and "Ask the pioneer" in page
    signed_in(client, alice)
    form = client.get(f"/community/new/?ask={case_study.pioneer.pk}&page={case_study.pk}").content.decode()
    assert "Pioneer Lead" in form
    client.post(
        "/community/new/",
        {
            "category": Category.objects.get(slug="ask-a-pioneer").pk,
            "title": "How did you staff the virtual ward at night?",
            "body": "We are planning overnight cover.",
            "ask": case_study.pioneer.pk,
            "page": case_study.pk,
        },
    )
    thread = Thread.objects.get(title="How did you staff the virtual ward at night?")
    assert list(thread.addressed_to.all()) == [lead]
    assert thread.page.pk == case_study.pk
    assert Notification.objects.get(user=lead).kind == "question"
    assert "How did you staff the virtual ward at night?" in client.get(case_study.url).content.decode()


def test_directory_lists_only_opted_in_members_and_filters(client, alice):
    case_study = CaseStudyPage.objects.live().select_related("pioneer").first()
    make_member("open-expert", contactable=True, sector="nhs", pioneer=case_study.pioneer)
    make_member("private-person", contactable=False, sector="nhs")
    signed_in(client, alice)
    page = client.get("/members/?sector=nhs").content.decode()
    assert "Open Expert" in page and "Private Person" not in page
    assert "Open Expert" not in client.get("/members/?sector=voluntary").content.decode()
    assert "Open Expert" in client.get(f"/members/?pioneer={case_study.pioneer.slug}").content.decode()
    assert client.get("/members/open-expert/").status_code == 200
    assert client.get("/members/private-person/").status_code == 404


def test_directory_finds_members_by_any_words_of_their_name_role_or_organisation(client, alice):
    make_member("priya-shah", contactable=True, role="District nurse", organisation="Kent Community Health")
    make_member("sam-jones", contactable=True, role="Commissioner", organisation="Leeds City Council")
    make_member("hidden-shah", contactable=False, role="District nurse")
    signed_in(client, alice)

    def found(query):
        page = client.get(f"/members/?q={query}").content.decode()
        return [name for name in ("Priya Shah", "Sam Jones", "Hidden Shah") if name in page]

    assert found("shah") == ["Priya Shah"]
    assert found("kent+nurse") == ["Priya Shah"]
    assert found("SAM") == ["Sam Jones"]
    assert found("commissioner+kent") == []
    page = client.get("/members/?q=nobody-called-this").content.decode()
    assert "No members match “nobody-called-this”" in page
    assert 'value="nobody-called-this"' in page  # what was typed stays in the box


def test_directory_lines_never_start_with_a_separator(client, alice):
    case_study = CaseStudyPage.objects.live().select_related("pioneer").first()
    make_member("only-pioneer", contactable=True, role="", organisation="", pioneer=case_study.pioneer)
    signed_in(client, alice)
    page = client.get("/members/?q=only").content.decode()
    assert f'margin-bottom-1">{case_study.pioneer.title}</p>' in page


def test_profile_form_keeps_input_on_error(client, alice):
    signed_in(client, alice)
    response = client.post(
        "/accounts/profile/",
        {"display_name": "", "bio": "I led the BCF plan.", "email_notifications": "daily"},
    )
    assert response.status_code == 400
    assert "I led the BCF plan." in response.content.decode()
    client.post(
        "/accounts/profile/",
        {
            "display_name": "Alice Adams",
            "bio": "I led the BCF plan.",
            "email_notifications": "daily",
            "contactable": "on",
        },
    )
    alice.profile.refresh_from_db()
    assert alice.profile.display_name == "Alice Adams" and alice.profile.contactable


def test_sign_in_with_password_still_works_for_members(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    "target", ["//evil.example/", "/\\evil.example/", "https://evil.example/", "/\t/evil.example"]
)
def test_next_never_redirects_off_site(client, alice, target):
    signed_in(client, alice)
    response = client.post("/notifications/read/", {"next": target})
    assert response["Location"] == "/notifications/"


@pytest.mark.parametrize(
    "query", ["?page=abc", "?ask=1%20OR%201", "?page=99999999&ask=-3", "?page=" + "9" * 40]
)
def test_odd_parameters_on_the_new_thread_form_are_ignored(client, alice, query):
    signed_in(client, alice)
    assert client.get("/community/new/" + query).status_code == 200


def test_the_home_page_shows_public_discussions_only(client, alice, private_thread):
    public = make_thread(alice, title="Who runs a joint discharge hub?")
    content = Client().get("/").content.decode()
    assert public.title in content
    assert private_thread.title not in content
    assert "Share your own story" in content
