"""Best bets' "Popular search terms" chooser lists what ICASE's query log recorded."""

from datetime import timedelta

import pytest

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from search.models import SearchQueryLog
from tests.icase.community.helpers import admin_client_for, make_editor, make_member

pytestmark = pytest.mark.django_db


def admin_client(username, role, pioneer=None):
    return admin_client_for(make_editor(username, role, pioneer))


def log(query, times, days_ago=0):
    for _ in range(times):
        entry = SearchQueryLog.objects.create(query=query, results=3, backend="database")
        SearchQueryLog.objects.filter(pk=entry.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )


def test_the_chooser_lists_the_most_searched_terms_first():
    log("virtual ward", 3)
    log("capitation", 5)
    log("long ago", 9, days_ago=400)
    editor = admin_client("best-bet-editor", "programme-editor")
    url = reverse("wagtailsearchpromotions:chooser")
    assert url == "/admin/searchpicks/queries/chooser/"
    response = editor.get(url)
    assert response.status_code == 200
    html = response.json()["html"]
    assert html.index("capitation") < html.index("virtual ward")
    assert "long ago" not in html
    assert ">5<" in html.replace(" ", "") and "Searches in the last 90 days" in html


def test_the_chooser_search_narrows_the_terms():
    log("virtual ward", 2)
    log("capitation", 2)
    editor = admin_client("best-bet-searcher", "programme-editor")
    response = editor.get(reverse("wagtailsearchpromotions:chooserresults"), {"q": "WARD"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-querystring="virtual ward"' in html and "capitation" not in html


def test_the_chooser_is_only_for_editors_of_best_bets():
    log("virtual ward", 2)
    pioneer_editor = admin_client("kent-chooser", "pioneer-editor", "kent")
    assert pioneer_editor.get(reverse("wagtailsearchpromotions:chooser")).status_code in (302, 403)
    member = Client()
    member.force_login(make_member("curious-member"))
    response = member.get(reverse("wagtailsearchpromotions:chooser"))
    assert response.status_code == 302 and "virtual ward" not in response.content.decode()
    assert Client().get(reverse("wagtailsearchpromotions:chooserresults")).status_code == 302
