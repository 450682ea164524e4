"""The permission backend: the same answers as Django's, in one query, and a change of role counts
from the member's next request."""

import pytest

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission

from icase.accounts.backends import ModelBackend
from tests.icase.community.helpers import make_member

pytestmark = pytest.mark.django_db


def fresh(user):
    """The member as the next request loads them: no permissions remembered."""
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def editor():
    member = make_member("backend-editor")
    group = Group.objects.create(name="Backend editors")
    group.permissions.add(Permission.objects.get(codename="change_group"))
    member.groups.add(group)
    member.user_permissions.add(Permission.objects.get(codename="view_group"))
    return member


def test_the_permissions_match_djangos_and_take_one_query(editor, django_assert_num_queries):
    expected = DjangoModelBackend().get_all_permissions(fresh(editor))
    member = fresh(editor)
    with django_assert_num_queries(1):
        found = ModelBackend().get_all_permissions(member)
        assert ModelBackend().get_all_permissions(member) == found
    assert found == expected == {"auth.change_group", "auth.view_group"}
    assert member.has_perm("auth.change_group") and not member.has_perm("auth.delete_group")


def test_a_revoked_group_permission_counts_from_the_next_request(editor):
    assert fresh(editor).has_perm("auth.change_group")
    Group.objects.get(name="Backend editors").permissions.clear()
    member = fresh(editor)
    assert not member.has_perm("auth.change_group")
    assert member.has_perm("auth.view_group")


def test_inactive_members_have_none_and_superusers_have_all(editor):
    editor.is_active = False
    editor.save()
    assert ModelBackend().get_all_permissions(fresh(editor)) == set()
    admin = make_member("backend-admin")
    admin.is_superuser = True
    admin.save()
    assert len(ModelBackend().get_all_permissions(fresh(admin))) == Permission.objects.count()
    assert ModelBackend().get_all_permissions(fresh(admin), obj=object()) == set()
