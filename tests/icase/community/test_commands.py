from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest

from django.core import mail
from django.core.management import call_command

from icase.community.management.commands.send_digests import seconds_until
from icase.community.models import Notification

from .helpers import make_member

LONDON = ZoneInfo("Europe/London")


def test_the_scheduler_waits_until_the_next_digest_time():
    assert seconds_until("07:00", datetime(2026, 11, 23, 6, 0, tzinfo=LONDON)) == 3600
    assert seconds_until("07:00", datetime(2026, 11, 23, 8, 0, tzinfo=LONDON)) == 23 * 3600
    # Across the clocks going forward (29 March 2026) the wait is an hour shorter in real time.
    assert seconds_until("07:00", datetime(2026, 3, 28, 7, 0, tzinfo=LONDON)) == 23 * 3600


@pytest.mark.django_db
def test_send_digests_emails_daily_members_once():
    member = make_member("digest-reader", email_notifications="daily")
    Notification.objects.create(
        user=member, kind="reply", message="Tom replied to “Discharge”", url="/community/"
    )
    call_command("send_digests", stdout=StringIO())
    call_command("send_digests", stdout=StringIO())
    assert [message.to for message in mail.outbox] == [["digest-reader@example.org"]]
    assert "Tom replied to “Discharge”" in mail.outbox[0].body
