"""The editors' bulletin: who gets it, what it says and every change to it.

Views, the admin and the sending task call these; nothing else writes opt-ins or starts a send.
The email is the same frame as every ICASE email (icase/mail.py: one plain-text body, its HTML made
from it), so the rich text introduction is turned into plain text here, links kept as addresses.
Who gets it is decided at send time: active members who opted in and are not suspended.
"""

import re
from html.parser import HTMLParser

from allauth.account.models import EmailAddress
from csp.constants import UNSAFE_INLINE

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from wagtail.rich_text import expand_db_html

from icase.community.visibility import can_be_notified
from icase.links import absolute_url, page_url
from icase.mail import build_email
from search.documents import registry

from .emails import unsubscribe_url, with_one_click_unsubscribe
from .models import BulletinOptIn
from .tokens import BULLETINS

REASON = "you asked for the ICASE editors' bulletin."
TEST_PREFIX = "[Test] "


def is_opted_in(user):
    return user.is_authenticated and BulletinOptIn.objects.filter(user=user).exists()


def set_opt_in(user, wanted):
    """Opt `user` in or out; returns whether anything changed (doing it twice is harmless)."""
    if wanted:
        return BulletinOptIn.objects.get_or_create(user=user)[1]
    return BulletinOptIn.objects.filter(user=user).delete()[0] > 0


def recipients():
    """Active members who opted in and whose address is confirmed, for the bulletin's send
    (suspension is checked per member). The sign-up form can opt in before the address is
    confirmed, so an address typed by someone else is never sent the bulletin."""
    confirmed = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return (
        get_user_model()
        .objects.filter(Exists(confirmed), is_active=True, bulletin_opt_in__isnull=False)
        .exclude(email="")
        .select_related("profile")
        .order_by("pk")
    )


def may_receive(user):
    return bool(user.email) and can_be_notified(user)


class _TextFromHTML(HTMLParser):
    """Rich text as plain text: paragraphs apart, list items as "- ", links as "text (address)"."""

    BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self.links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.parts.append(f" ({absolute_url(href) if href.startswith('/') else href})")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))

    def text(self):
        lines = [" ".join(line.split()) for line in "".join(self.parts).split("\n")]
        text = "\n".join(lines)
        while "\n\n\n" in text:
            text = text.replace("\n\n\n", "\n\n")
        return text.strip()


def rich_text_as_text(value):
    parser = _TextFromHTML()
    parser.feed(expand_db_html(value or ""))
    parser.close()
    return parser.text()


def covers(bulletin):
    """The dates it covers in words, or ""."""
    start, end = bulletin.covers_from, bulletin.covers_to
    if start and end:
        return f"{start:%-d %B %Y} to {end:%-d %B %Y}" if start != end else f"{start:%-d %B %Y}"
    if start:
        return f"from {start:%-d %B %Y}"
    return f"up to {end:%-d %B %Y}" if end else ""


def type_label(page):
    document_class = registry.for_instance(page)
    return getattr(document_class, "type_label", "") or page._meta.verbose_name.capitalize()


def pick_items(live_picks):
    """What the email and the archive show of each pick still live and public."""
    return [
        {
            "title": page.title,
            "type_label": type_label(page),
            "note": pick.note,
            "summary": getattr(page, "summary", "") or page.search_description or "",
            "link": page_url(page) or absolute_url(page.url),
            "path": page.url,
        }
        for pick, page in live_picks
    ]


def archive_url(bulletin):
    return absolute_url(reverse("alerts:bulletin", args=[bulletin.pk]))


def build_bulletin_email(bulletin, items, user, test=False):
    """The bulletin for `user`: its own one-click unsubscribe link and RFC 8058 headers."""
    unsubscribe = unsubscribe_url(user.pk, BULLETINS)
    context = {
        "intro": rich_text_as_text(bulletin.intro),
        "covers": covers(bulletin),
        "items": items,
        "archive_url": (
            archive_url(bulletin) if bulletin.is_sent else absolute_url(reverse("alerts:bulletins"))
        ),
        "unsubscribe_url": unsubscribe,
    }
    profile = getattr(user, "profile", None)
    message = build_email(
        user.email,
        f"{TEST_PREFIX if test else ''}{bulletin.title}",
        "email/alerts/bulletin.txt",
        context,
        reason=REASON,
        settings_path=reverse("alerts:subscriptions"),
        settings_label="Stop or change what ICASE emails you",
        name=getattr(profile, "display_name", ""),
    )
    return with_one_click_unsubscribe(message, unsubscribe)


def preview_response(bulletin, request, mode_name):
    """The admin's preview: the email exactly as `request.user` would get it today (HTML or text).
    The email frame styles itself inline (mail clients ignore style sheets), so this response
    alone, framed by the admin, allows inline style attributes; it has no script."""
    # The form's picks are held in memory on the instance (unsaved ones too): live_picks reads them.
    message = build_bulletin_email(bulletin, pick_items(bulletin.live_picks()), request.user)
    if mode_name == "text":
        body = render_to_string("alerts/bulletin_preview_text.html", {"message": message})
        return HttpResponse(body)
    response = HttpResponse(message.alternatives[0][0])
    response._csp_update = {"style-src-attr": [UNSAFE_INLINE]}
    return response


def send_test(bulletin, user):
    """A test copy to the editor alone; recorded nowhere, so it changes nothing about the send."""
    build_bulletin_email(bulletin, pick_items(bulletin.live_picks()), user, test=True).send()


def start_sending(bulletin, user):
    """Mark the bulletin sent (it joins the archive and can no longer be edited) and queue the
    send once that commits. Returns False if it was already sent: pressing Send twice sends once."""
    from .tasks import send_bulletin  # tasks.py imports this module

    with transaction.atomic():
        unsent = type(bulletin).objects.select_for_update().filter(pk=bulletin.pk, sent_at__isnull=True)
        started = unsent.first()
        if started is not None:
            started.sent_at, started.sent_by = timezone.now(), user
            started.save(update_fields=["sent_at", "sent_by"])  # a save: the archive's cache refreshes
            transaction.on_commit(lambda: send_bulletin.enqueue(bulletin.pk))
    bulletin.refresh_from_db()
    return started is not None
