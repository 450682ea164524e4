"""Preview on the post forms: the member sees the post as it will look, and nothing is saved."""

import pytest

from django.urls import reverse

from icase.community.models import Category, Post, Thread

from .helpers import make_member, make_thread

pytestmark = pytest.mark.django_db

BODY = "We used **one care record** with https://example.org/agreement as the template."


def preview_of(response):
    content = response.content.decode()
    assert response.status_code == 200
    start = content.index('class="icase-post-preview"')
    return content[start : content.index("</section>", start)], content


def test_previewing_a_new_thread_renders_it_and_keeps_the_form_filled_in(client):
    client.force_login(make_member("alice"))
    response = client.post(
        "/community/new/",
        {
            "category": Category.objects.get(slug="informatics-network").pk,
            "title": "Sharing one care record across the county",
            "body": BODY,
            "preview": "1",
        },
    )
    preview, page = preview_of(response)
    assert "<strong>one care record</strong>" in preview
    assert '<a href="https://example.org/agreement" rel="nofollow noopener">' in preview
    assert 'value="Sharing one care record across the county"' in page and "**one care record**" in page
    assert not Thread.objects.filter(title="Sharing one care record across the county").exists()


def test_previewing_a_reply_and_an_edit_saves_nothing(client):
    alice = make_member("alice")
    thread = make_thread(alice)
    client.force_login(make_member("bob"))
    response = client.post(reverse("community:reply", args=[thread.pk]), {"body": BODY, "preview": "1"})
    assert "<strong>one care record</strong>" in preview_of(response)[0]
    assert thread.posts.count() == 1
    client.force_login(alice)
    post = thread.posts.get()
    response = client.post(reverse("community:edit_post", args=[post.pk]), {"body": BODY, "preview": "1"})
    assert "<strong>one care record</strong>" in preview_of(response)[0]
    assert Post.objects.get(pk=post.pk).raw != BODY


def test_raw_html_in_a_preview_is_shown_as_text(client):
    thread = make_thread(make_member("alice"))
    client.force_login(make_member("bob"))
    response = client.post(
        reverse("community:reply", args=[thread.pk]),
        {"body": "<script>alert(1)</script> <img src=x onerror=alert(1)>", "preview": "1"},
    )
    preview = preview_of(response)[0]
    assert "<script" not in preview and "<img" not in preview and "&lt;script&gt;" in preview


def test_an_invalid_post_shows_its_error_instead_of_a_preview(client):
    thread = make_thread(make_member("alice"))
    client.force_login(make_member("bob"))
    response = client.post(reverse("community:reply", args=[thread.pk]), {"body": "", "preview": "1"})
    assert response.status_code == 400 and "icase-post-preview" not in response.content.decode()
