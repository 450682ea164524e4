"""Discussions end to end through the views: who may see and do what, and what members see."""

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse

from cms.models import CaseStudyPage
from icase.community.models import (
    Category,
    Flag,
    Follow,
    ModerationLog,
    NetworkMembership,
    Notification,
    Post,
    Thread,
)

from .helpers import make_member, make_moderator, make_thread, signed_in

pytestmark = pytest.mark.django_db


# Browsing ------------------------------------------------------------------------------------


def test_community_index_lists_categories_and_networks(client):
    response = client.get("/community/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Informatics network" in content
    assert "Integrated care payment forum" in content
    assert "Private network" in content
    assert Category.objects.filter(kind="theme").count() >= 17


def test_anonymous_visitors_read_public_threads_but_not_private_ones(client, alice, private_thread):
    thread = make_thread(alice)
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert client.get(private_thread.get_absolute_url()).status_code == 404
    category_page = client.get("/community/c/integrated-care-payment-forum/")
    assert category_page.status_code == 200
    assert private_thread.title not in category_page.content.decode()
    assert private_thread.title not in client.get("/community/").content.decode()


def test_non_members_of_a_private_network_get_404_and_can_ask_to_join(
    client, bob, private_thread, private_network
):
    signed_in(client, bob)
    assert client.get(private_thread.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("community:reply", args=[private_thread.pk]), {"body": "Let me in"}).status_code
        == 404
    )
    assert client.post(f"/community/follow/thread/{private_thread.pk}/").status_code == 404
    manager = make_member("forum-manager")
    private_network.managers.add(manager)
    client.post(reverse("community:join_network", args=[private_network.slug]))
    membership = NetworkMembership.objects.get(user=bob, category=private_network)
    assert membership.status == "pending"
    assert Notification.objects.filter(user=manager, kind="membership").exists()
    # Bob cannot approve himself; the manager can.
    assert client.get(reverse("community:network_members", args=[private_network.slug])).status_code == 403
    signed_in(client, manager)
    client.post(
        reverse("community:network_members", args=[private_network.slug]),
        {"membership": membership.pk, "decision": "approve"},
    )
    signed_in(client, bob)
    assert client.get(private_thread.get_absolute_url()).status_code == 200


def test_moderators_see_private_networks(client, private_thread):
    signed_in(client, make_moderator())
    assert client.get(private_thread.get_absolute_url()).status_code == 200


def test_thread_slug_redirects_to_the_canonical_url(client, alice):
    thread = make_thread(alice)
    response = client.get(f"/community/t/{thread.pk}/")
    assert response.status_code == 301
    assert response["Location"] == thread.get_absolute_url()


# Writing -------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_for_every_writing_view(client, alice):
    thread = make_thread(alice)
    post = thread.posts.get()
    for url in [
        "/community/new/",
        reverse("community:reply", args=[thread.pk]),
        reverse("community:edit_post", args=[post.pk]),
        reverse("community:delete_post", args=[post.pk]),
        reverse("community:flag_post", args=[post.pk]),
        "/notifications/",
        "/members/",
        "/accounts/profile/",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    for url in [
        reverse("community:helpful", args=[post.pk]),
        reverse("community:accept_answer", args=[post.pk]),
    ]:
        assert client.post(url).status_code == 302


def test_a_member_starts_a_thread_and_another_replies(client, alice, bob, django_capture_on_commit_callbacks):
    signed_in(client, alice)
    response = client.post(
        "/community/new/",
        {
            "category": Category.objects.get(slug="informatics-network").pk,
            "title": "Who has used the NHS number across social care?",
            "body": "We want to use the **NHS number** as the identifier in adult social care.",
        },
    )
    thread = Thread.objects.get(title="Who has used the NHS number across social care?")
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<strong>NHS number</strong>" in page
    signed_in(client, bob)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community:reply", args=[thread.pk]), {"body": "Leeds did this in 2014, @alice."})
    assert thread.posts.count() == 2
    thread.refresh_from_db()
    assert thread.reply_count == 1
    notification = Notification.objects.get(user=alice)
    assert notification.kind == "mention"  # a mention outranks a plain reply: one notification each
    assert mail.outbox[-1].to == ["alice@example.org"]
    assert "Bob mentioned you" in mail.outbox[-1].subject


def test_form_errors_keep_what_was_typed(client, alice):
    signed_in(client, alice)
    response = client.post(
        "/community/new/",
        {"category": "", "title": "Short", "body": "A careful message I do not want to lose."},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "There is a problem" in content
    assert "A careful message I do not want to lose." in content
    assert 'value="Short"' in content


def test_quote_prefills_the_reply(client, alice, bob):
    thread = make_thread(alice, raw="Our s251 approval took nine months.")
    signed_in(client, bob)
    response = client.get(reverse("community:reply", args=[thread.pk]) + f"?quote={thread.posts.get().pk}")
    assert "&gt; Our s251 approval took nine months." in response.content.decode()


def test_authors_edit_with_history_for_moderators(client, alice, bob):
    thread = make_thread(alice, raw="First version")
    post = thread.posts.get()
    signed_in(client, bob)
    assert client.get(reverse("community:edit_post", args=[post.pk])).status_code == 403
    signed_in(client, alice)
    client.post(reverse("community:edit_post", args=[post.pk]), {"body": "Second version"})
    post.refresh_from_db()
    assert post.raw == "Second version" and post.edited_at is not None
    assert "edited" in client.get(thread.get_absolute_url()).content.decode()
    assert client.get(reverse("community:post_history", args=[post.pk])).status_code == 403
    signed_in(client, make_moderator())
    history = client.get(reverse("community:post_history", args=[post.pk])).content.decode()
    assert "First version" in history and "Second version" in history


def test_author_deletes_softly(client, alice, bob):
    thread = make_thread(alice)
    reply = Post.objects.create(thread=thread, author=bob, raw="A reply I regret")
    signed_in(client, alice)
    assert client.post(reverse("community:delete_post", args=[reply.pk])).status_code == 403
    signed_in(client, bob)
    client.post(reverse("community:delete_post", args=[reply.pk]))
    reply.refresh_from_db()
    assert reply.deleted_at is not None
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "This post was deleted by its author." in page
    assert "A reply I regret" not in page


def test_helpful_and_accepted_answer(client, alice, bob):
    thread = make_thread(alice)
    signed_in(client, bob)
    client.post(reverse("community:reply", args=[thread.pk]), {"body": "Try a data sharing gateway."})
    answer = thread.posts.last()
    assert client.post(reverse("community:accept_answer", args=[answer.pk])).status_code == 403
    signed_in(client, alice)
    client.post(reverse("community:helpful", args=[answer.pk]))
    client.post(reverse("community:accept_answer", args=[answer.pk]))
    thread.refresh_from_db()
    assert thread.accepted_post == answer
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Helpful (1)" in page and "Answer</strong>" in page
    assert Notification.objects.filter(user=bob, kind="answer").exists()


def test_locked_threads_refuse_replies_but_moderators_may_post(client, alice, bob):
    thread = make_thread(alice)
    moderator = make_moderator()
    signed_in(client, moderator)
    client.post(reverse("community:moderate_thread", args=[thread.pk, "lock"]))
    signed_in(client, bob)
    response = client.post(reverse("community:reply", args=[thread.pk]), {"body": "Late reply"})
    assert response.status_code == 400
    assert "locked" in response.content.decode()
    assert "Late reply" in response.content.decode()


# Spam and abuse limits (on in these tests) ------------------------------------------------------


def test_new_members_first_posts_wait_for_a_moderator(client, alice):
    newcomer = make_member("newcomer", trusted=False)
    thread = make_thread(alice)
    signed_in(client, newcomer)
    client.post(reverse("community:reply", args=[thread.pk]), {"body": "Hello from Cornwall."})
    post = thread.posts.get(author=newcomer)
    assert post.status == "pending"
    assert "Hello from Cornwall." not in Client().get(thread.get_absolute_url()).content.decode()
    assert "Waiting for review" in client.get(thread.get_absolute_url()).content.decode()
    assert not Notification.objects.filter(user=alice).exists()
    moderator = make_moderator()
    signed_in(client, moderator)
    assert "Hello from Cornwall." in client.get("/community/moderation/").content.decode()
    client.post(reverse("community:moderate_post", args=[post.pk, "approve"]))
    post.refresh_from_db()
    assert post.status == "approved"
    assert Notification.objects.filter(user=alice, kind="reply").exists()
    assert ModerationLog.objects.filter(action="post-approve", post=post, actor=moderator).exists()


def test_new_members_link_cap(client, alice):
    newcomer = make_member("linker", trusted=False)
    thread = make_thread(alice)
    signed_in(client, newcomer)
    body = "See https://a.example, https://b.example and www.kent.nhs.uk"
    response = client.post(reverse("community:reply", args=[thread.pk]), {"body": body})
    assert response.status_code == 400
    assert "up to 2 links" in response.content.decode()
    assert not thread.posts.filter(author=newcomer).exists()


def test_duplicate_posts_are_refused(client, alice, bob):
    thread = make_thread(alice)
    signed_in(client, bob)
    client.post(reverse("community:reply", args=[thread.pk]), {"body": "Same words twice"})
    response = client.post(reverse("community:reply", args=[thread.pk]), {"body": "  same   WORDS twice "})
    assert response.status_code == 400
    assert "already posted this" in response.content.decode()
    assert thread.posts.filter(author=bob).count() == 1


def test_posting_rate_limit(client, alice, bob):
    thread = make_thread(alice)
    signed_in(client, bob)
    for number in range(5):
        assert (
            client.post(reverse("community:reply", args=[thread.pk]), {"body": f"Reply {number}"}).status_code
            == 302
        )
    response = client.post(reverse("community:reply", args=[thread.pk]), {"body": "Reply 6"})
    assert response.status_code == 400
    assert "Please wait" in response.content.decode()


def test_flags_from_three_members_hide_a_post(client, alice):
    thread = make_thread(alice, title="Buy cheap followers now please")
    post = thread.posts.get()
    for name in ("f1", "f2", "f3"):
        signed_in(client, make_member(name))
        client.post(reverse("community:flag_post", args=[post.pk]), {"reason": "spam"})
    post.refresh_from_db()
    assert post.is_hidden
    assert Flag.objects.filter(post=post).count() == 3
    assert Client().get(thread.get_absolute_url()).status_code == 404
    moderator = make_moderator()
    signed_in(client, moderator)
    assert "Buy cheap followers" in client.get("/community/moderation/").content.decode()


def test_moderator_actions_are_logged_and_members_cannot_use_them(client, alice, bob):
    thread = make_thread(alice)
    signed_in(client, bob)
    for action in ("lock", "pin", "hide", "move"):
        assert client.post(reverse("community:moderate_thread", args=[thread.pk, action])).status_code == 403
    assert client.get("/community/moderation/").status_code == 403
    assert client.get("/community/moderation/log/").status_code == 403
    assert (
        client.post(
            reverse("community:suspend_member", args=["alice"]), {"days": 7, "reason": "x"}
        ).status_code
        == 403
    )
    moderator = make_moderator()
    signed_in(client, moderator)
    workforce = Category.objects.get(slug="workforce-programme")
    client.post(reverse("community:moderate_thread", args=[thread.pk, "pin"]))
    client.post(reverse("community:moderate_thread", args=[thread.pk, "move"]), {"category": workforce.pk})
    client.post(
        reverse("community:suspend_member", args=["bob"]), {"days": 7, "reason": "Repeated advertising"}
    )
    thread.refresh_from_db()
    assert thread.is_pinned and thread.category == workforce
    actions = set(ModerationLog.objects.values_list("action", flat=True))
    assert {"thread-pin", "thread-move", "member-suspend"} <= actions
    assert "Repeated advertising" in client.get("/community/moderation/log/").content.decode()
    signed_in(client, bob)
    response = client.post(reverse("community:reply", args=[thread.pk]), {"body": "Am I still here?"})
    assert response.status_code == 400
    assert "suspended" in response.content.decode()


# Following and notifications ------------------------------------------------------------------


def test_following_a_theme_notifies_about_new_threads(client, alice, bob):
    category = Category.objects.filter(kind="theme").first()
    signed_in(client, bob)
    theme_page = client.get(f"/themes/{category.theme.slug}/").content.decode()
    assert f"Follow {category.theme.name}" in theme_page
    client.post(
        f"/community/follow/theme/{category.theme.slug}/", {"next": f"/themes/{category.theme.slug}/"}
    )
    assert Follow.objects.filter(user=bob, theme=category.theme).exists()
    make_thread(alice, category=category.slug, title="Hospital discharge to assess")
    notification = Notification.objects.get(user=bob)
    assert notification.kind == "new-thread"
    page = client.get("/notifications/?kind=new-thread&unread=1").content.decode()
    assert "Hospital discharge to assess" in page
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=bob, read_at__isnull=True).exists()


def test_theme_followers_hear_about_threads_on_pages_with_that_theme(client, alice, bob):
    case_study = CaseStudyPage.objects.live().filter(themes__isnull=False).first()
    theme = case_study.themes.first()
    signed_in(client, bob)
    client.post(f"/community/follow/theme/{theme.slug}/")
    make_thread(alice, category="ask-a-pioneer", title="A question about this case study", page=case_study)
    assert Notification.objects.get(user=bob).kind == "new-thread"


def test_daily_digest_members_get_one_email(client, alice, bob):
    bob.profile.email_notifications = "daily"
    bob.profile.save()
    thread = make_thread(bob)
    signed_in(client, alice)
    client.post(reverse("community:reply", args=[thread.pk]), {"body": "First answer"})
    client.post(reverse("community:reply", args=[thread.pk]), {"body": "Second answer"})
    assert [m for m in mail.outbox if "bob@example.org" in m.to] == []
    from icase.community.tasks import send_daily_digests

    send_daily_digests.call()
    digests = [m for m in mail.outbox if "bob@example.org" in m.to]
    assert len(digests) == 1
    assert "2 new" in digests[0].subject


def test_a_failed_email_never_loses_the_post(
    client, alice, bob, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.icase.community.failing_mail.FailingBackend"
    thread = make_thread(alice)
    signed_in(client, bob)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("community:reply", args=[thread.pk]), {"body": "Worth keeping"})
    assert callbacks  # the email really was attempted
    assert response.status_code == 302
    assert thread.posts.filter(raw="Worth keeping").exists()
    notification = Notification.objects.get(user=alice)
    assert notification.emailed_at is None  # left for the digest
