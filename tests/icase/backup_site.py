"""Run inside the site under test by tests/icase/test_backups.py (`manage.py shell -c`): add
members and posts, and record what the site serves, so the same can be compared after a restore."""

import json
import re

from django.test import Client

from cms.models import CaseStudyPage, DescribedDocument
from icase.community.models import Thread
from tests.icase.community.helpers import make_member, make_thread

THREAD_TITLE = "How do you staff a seven-day discharge hub?"


def add_members_and_posts():
    asker = make_member("backup-asker", organisation="Kent Community Health")
    answerer = make_member("backup-answerer", contactable=True)
    thread = make_thread(
        asker,
        category="informatics-network",
        title=THREAD_TITLE,
        raw="We want a discharge hub open at weekends with council and trust staff.",
    )
    from icase.community import services

    services.reply(answerer, thread, "Ours rotates social workers and discharge nurses across the weekend.")


def _normalised(content):
    text = content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', text)


def snapshot():
    """{address: (status, body)} for pages, searches and a document download."""
    thread = Thread.objects.get(title=THREAD_TITLE)
    case_study = CaseStudyPage.objects.live().public().order_by("pk").first()
    document = DescribedDocument.objects.order_by("pk").first()
    addresses = [
        "/",
        "/community/",
        "/community/c/informatics-network/",
        thread.get_absolute_url(),
        case_study.url,
        "/search/?q=discharge+hub",
        "/api/search/?q=weekend+discharge",
        "/api/search/?q=night+sitting",
        document.url,
    ]
    anonymous, member = Client(), Client()
    member.force_login(
        make_member("backup-reader") if not _exists("backup-reader") else _user("backup-reader")
    )
    pages = {}
    for address in addresses:
        for who, client in (("anonymous", anonymous), ("member", member)):
            response = client.get(address)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            pages[f"{who} {address}"] = [
                response.status_code,
                _normalised(body) if b"<html" in body[:200] else body.hex(),
            ]
    print(json.dumps(pages, sort_keys=True))


def _exists(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username=username).exists()


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
