"""Every email ICASE sends is plain, branded text and HTML: the site name, why the reader got it,
a link to change their settings, and links on the configured site address (never the host of the
request that caused it, localhost or 127.0.0.1)."""

import re
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from cms.roles import PROGRAMME_EDITORS
from icase.community.models import MemberProfile, Notification
from icase.community.tasks import send_daily_digests, send_notification_email
from tests.icase.community.helpers import PASSWORD, make_member

pytestmark = pytest.mark.django_db
SITE = "https://icase.example.nhs.uk"


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE + "/"
    cache.clear()
    yield
    cache.clear()


def assert_branded(message, settings_path):
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    for body in (message.body, html):
        assert "ICASE" in body and "Integrated Care and Support Exchange" in body
        assert "Why you got this email" in body
        assert f"{SITE}{settings_path}" in body
        assert "Hello from" not in body
        for host in ("127.0.0.1", "localhost", "testserver", "evil.example"):
            assert host not in body, f"{host} in {message.subject}"
        links = re.findall(r"https?://[^\s\"<]+", body)
        assert links and all(link.startswith(SITE + "/") for link in links), links
    assert "<script" not in html


def test_sign_up_confirmation_email_is_branded_and_links_to_the_site_address(client):
    client.post(
        "/accounts/signup/",
        {"name": "Grace", "email": "grace@council.gov.uk", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST="127.0.0.1",
    )
    message = mail.outbox[-1]
    assert message.subject == "ICASE: Confirm your email address"
    assert f"{SITE}/accounts/confirm-email/" in message.body
    assert "Hello Grace," in message.body
    assert_branded(message, "/accounts/email/")


@pytest.mark.parametrize("known", [True, False])
def test_password_reset_email_is_branded_and_links_to_the_site_address(client, known):
    if known:
        make_member("ada")
    client.post("/accounts/password/reset/", {"email": "ada@example.org"}, HTTP_HOST="localhost")
    message = mail.outbox[-1]
    assert_branded(message, "/accounts/email/")
    assert f"{SITE}/accounts/{'password/reset/key/' if known else 'signup/'}" in message.body


@pytest.mark.parametrize("prefix", ["account/email/password_changed", "mfa/email/totp_activated"])
def test_security_notices_say_why_they_were_sent(rf, prefix):
    """allauth's security notices (off in settings today: ACCOUNT_EMAIL_NOTIFICATIONS) are framed too."""
    from allauth.account.adapter import get_adapter
    from allauth.core import context

    user = make_member("lin")
    request = rf.get("/", HTTP_HOST="evil.example")
    with context.request_context(request):
        details = {"user": user, "ip": "192.0.2.1", "user_agent": "Firefox", "timestamp": timezone.now()}
        message = get_adapter(request).render_mail(prefix, user.email, details)
    assert message.subject.startswith("ICASE: ") and message.subject[7:8].isupper()
    assert "about a change to your ICASE account" in message.body
    assert f"{SITE}/accounts/password/reset/" in message.body
    assert_branded(message, "/accounts/email/")


def test_notification_and_digest_emails_are_branded():
    reader = make_member("reader")
    notification = Notification.objects.create(
        user=reader, kind=Notification.REPLY, message="Ada replied to your thread", url="/community/t/1/"
    )
    send_notification_email.call(notification.pk)
    message = mail.outbox[-1]
    assert f"{SITE}/community/t/1/" in message.body
    assert "Hello Reader," in message.body
    assert_branded(message, "/accounts/profile/")

    MemberProfile.objects.filter(user=reader).update(email_notifications=MemberProfile.EMAIL_DAILY)
    Notification.objects.create(
        user=reader, kind=Notification.REPLY, message="Lin replied", url="/community/t/2/"
    )
    send_daily_digests.call()
    digest = mail.outbox[-1]
    assert f"{SITE}/community/t/2/" in digest.body and f"{SITE}/notifications/" in digest.body
    assert_branded(digest, "/accounts/profile/")


def test_review_reminder_is_branded():
    from cms.models import ToolkitPage
    from cms.tasks import send_review_reminders

    editor = make_member("programme-reviewer")
    Group.objects.get(name=PROGRAMME_EDITORS).user_set.add(editor)
    toolkit = ToolkitPage.objects.live().first()
    ToolkitPage.objects.filter(pk=toolkit.pk).update(review_date=timezone.localdate() + timedelta(days=7))
    send_review_reminders.call()
    message = next(m for m in mail.outbox if m.to == [editor.email])
    assert f"{SITE}/admin/pages/{toolkit.pk}/edit/" in message.body
    assert_branded(message, "/admin/account/")
