"""Community pages use a fixed number of queries however many threads, posts or members they show."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from icase.community.models import Category, Post, Thread

from .helpers import make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # warm caches (content types, site root)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def reader(client):
    client.force_login(make_member("reader"))
    return client


def test_thread_page_queries_do_not_grow_with_replies(reader):
    author = make_member("thread-author", contactable=True)
    thread = make_thread(author)
    url = thread.get_absolute_url()
    with_one = queries(reader, url)
    for number in range(12):
        replier = make_member(f"replier-{number}", trusted=False, contactable=number % 2 == 0)
        Post.objects.create(thread=thread, author=replier, raw=f"Reply number {number}")
    assert queries(reader, url) == with_one


def test_category_page_queries_do_not_grow_with_threads(reader):
    author = make_member("prolific")
    make_thread(author)
    url = reverse("community:category", args=["informatics-network"])
    with_one = queries(reader, url)
    category = Category.objects.get(slug="informatics-network")
    for number in range(10):
        Thread.objects.create(
            category=category, title=f"Question number {number} about shared records", author=author
        )
    assert queries(reader, url) == with_one


def test_directory_queries_do_not_grow_with_members(reader):
    make_member("first-contact", contactable=True)
    with_one = queries(reader, "/members/")
    for number in range(10):
        make_member(f"contact-{number}", contactable=True)
    assert queries(reader, "/members/") == with_one


def test_community_index_queries_are_bounded(reader):
    before = queries(reader, "/community/")
    author = make_moderator("busy-moderator")  # moderators are exempt from the posting rate limit
    for category in Category.objects.filter(is_private=False)[:6]:
        make_thread(
            author, category=category.slug, title=f"A thread in {category.name}", raw=f"About {category.name}"
        )
    assert queries(reader, "/community/") <= before + 1


def test_your_discussions_queries_do_not_grow_with_threads(client):
    member = make_member("regular")
    client.force_login(member)
    make_thread(member, title="The first question I asked", raw="First question?")
    with_one = queries(client, "/community/yours/")
    category = Category.objects.get(slug="informatics-network")
    for number in range(10):
        Thread.objects.create(category=category, title=f"My question number {number}", author=member)
    assert queries(client, "/community/yours/") == with_one
