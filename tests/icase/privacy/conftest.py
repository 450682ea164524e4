"""A member who has used every part of ICASE that holds personal data, through the same services
the views use, so downloads and erasure are tested against real rows in every model."""

from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession

from django.contrib.auth.models import Group
from django.test import Client

from cms.models import CaseStudyPage, PioneerProfilePage, Theme
from cms.stories import submit_story
from icase.community import memberships, services
from icase.community.models import Category
from icase.feedback.models import ContactMessage
from tests.icase.community.helpers import PASSWORD, make_member, make_thread

STORY_TEXT = (
    "We brought the district nurses, the night sitting service and the hospice together in one rota. "
    "A single phone number now reaches whoever is on shift overnight, and families no longer repeat "
    "themselves three times in one night."
)


def story_data(title):
    return {
        "title": title,
        "pioneer": PioneerProfilePage.objects.get(slug="kent"),
        "themes": Theme.objects.all()[:2],
        "setting": "home",
        "summary": "District nurses, night sitters and the hospice share one overnight rota.",
        "what_happened": STORY_TEXT,
        "outcomes": "",
        "contact": "End of life care coordinator",
        "credit": "Jo Bloggs",
    }


@pytest.fixture
def active_member(db):
    """(member, other member, what the member made)."""
    member = make_member("jo-bloggs", role="Discharge lead", organisation="Kent Community Health")
    other = make_member("sam-other")
    thread = make_thread(member, title="Who runs your discharge hub?", addressed_to=[other])
    others_thread = make_thread(other, title="Shared care records at night")
    reply = services.reply(member, others_thread, "We use the shared record overnight too.")
    services.edit(member, reply, "We use the shared care record overnight too, since March.")
    others_reply = services.reply(other, thread, "Our hub is run by the trust, with council staff.")
    services.toggle_helpful(member, others_reply)
    services.flag(member, others_reply, "off-topic", "Not about hubs")
    memberships.toggle_follow(member, thread=others_thread)
    network = Category.objects.get(slug="integrated-care-payment-forum")
    memberships.request_to_join(member, network)
    Category.objects.get(slug="evaluation-network").managers.add(member)
    member.groups.add(Group.objects.get(name="Discussion moderators"))
    services.log(member, "lock", thread=others_thread, reason="Resolved")
    published, _ = submit_story(member, story_data("One overnight rota for end of life care"))
    published.get_latest_revision().publish()
    draft, _ = submit_story(member, story_data("A night sitting service run with the hospice"))
    ContactMessage.objects.create(
        name="Jo Bloggs", email="JO-BLOGGS@example.org", topic="privacy", message="What do you hold about me?"
    )
    Authenticator.objects.create(user=member, type=Authenticator.Type.TOTP, data={"secret": "not-exported"})
    client = Client()
    client.login(email=member.email, password=PASSWORD)
    client.get("/")
    assert UserSession.objects.filter(user=member).exists()
    return SimpleNamespace(
        member=member,
        other=other,
        client=client,
        thread=thread,
        reply=reply,
        others_thread=others_thread,
        published_story=CaseStudyPage.objects.get(pk=published.pk),
        draft_story=draft,
    )
