"""The audit log: role changes, moderation, data downloads, erasures and editors' sign-ins are
recorded; nobody can change or delete a record, through the ORM or (on PostgreSQL) in SQL."""

import io

import pytest

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client

from cms.roles import PROGRAMME_EDITORS
from icase.community import services
from icase.privacy import audit
from icase.privacy.models import AppendOnly, AuditEvent
from tests.icase.community.helpers import PASSWORD, make_member, make_moderator, make_thread

pytestmark = pytest.mark.django_db


def test_records_cannot_be_changed_or_deleted():
    event = audit.record(AuditEvent.ROLE_ADDED, subject=None, detail="Programme editors")
    event.detail = "something else"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(detail="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).detail == "Programme editors"


def test_the_database_itself_refuses_changes_on_postgresql():
    """On PostgreSQL a trigger (migration 0002) refuses UPDATE and DELETE from any client; SQLite
    has only the ORM guard above, which this checks is the only protection there."""
    event = audit.record(AuditEvent.ROLE_ADDED, detail="Programme editors")
    table = AuditEvent._meta.db_table
    if connection.vendor == "postgresql":
        for statement in ("UPDATE privacy_auditevent SET detail = 'x'", "DELETE FROM privacy_auditevent"):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(statement)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
            assert cursor.fetchall() == []
    assert AuditEvent.objects.get(pk=event.pk).detail == "Programme editors"


def test_role_changes_are_recorded_from_the_command_and_the_admin():
    member = make_member("new-editor")
    call_command("assign_role", member.email, "programme-editor", stdout=io.StringIO())
    added = AuditEvent.objects.get(action=AuditEvent.ROLE_ADDED, subject=member)
    assert added.detail == PROGRAMME_EDITORS and added.actor_id is None  # the command line
    group = Group.objects.get(name=PROGRAMME_EDITORS)
    group.user_set.remove(member)
    assert AuditEvent.objects.filter(action=AuditEvent.ROLE_REMOVED, subject=member).exists()


def test_moderation_is_recorded_with_who_and_what():
    author = make_member("poster")
    moderator = make_moderator()
    thread = make_thread(author)
    services.moderate_post(moderator, thread.first_post, "hide", "Off topic")
    event = AuditEvent.objects.get(action=AuditEvent.MODERATION)
    assert (event.actor, event.subject) == (moderator, author)
    assert event.detail == f"post-hide: post {thread.first_post.pk}"


def test_sign_ins_are_recorded_for_editors_only():
    editor = make_member("signing-editor")
    editor.groups.add(Group.objects.get(name=PROGRAMME_EDITORS))
    member = make_member("signing-member")
    for user in (editor, member):
        response = Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD})
        assert response.status_code == 302
    signed_in = AuditEvent.objects.filter(action=AuditEvent.ADMIN_SIGN_IN)
    assert list(signed_in.values_list("subject_id", flat=True)) == [editor.pk]


def test_programme_editors_can_read_the_log():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    editor = make_member("log-reader")
    editor.groups.add(Group.objects.get(name=PROGRAMME_EDITORS))
    TOTP.activate(editor, generate_totp_secret())
    audit.record(AuditEvent.MODERATION, actor=editor, subject=editor, detail="lock: thread 1")
    client = Client()
    client.force_login(editor)
    page = client.get("/admin/audit-log/?action=moderation").content.decode()
    assert "lock: thread 1" in page and "Role given" in page  # the filter's options
    assert "Audit log" in client.get("/admin/").content.decode()
