"""Fixtures shared by the community tests: two members, a private network and a thread inside it."""

import pytest

from icase.community.models import Category, NetworkMembership

from .helpers import make_member, make_thread


@pytest.fixture
def private_network():
    return Category.objects.get(slug="integrated-care-payment-forum")


@pytest.fixture
def private_thread(private_network):
    insider = make_member("insider")
    NetworkMembership.objects.create(category=private_network, user=insider, status="approved")
    return make_thread(insider, category=private_network.slug, title="Our capitated budget risk share")


@pytest.fixture
def alice():
    return make_member("alice", organisation="Leeds City Council", role="Integration lead")


@pytest.fixture
def bob():
    return make_member("bob", organisation="Leeds Teaching Hospitals")
