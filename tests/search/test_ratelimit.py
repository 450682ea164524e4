"""Client addresses and counters for the search log sampling (search/ratelimit.py)."""

import pytest

from django.core.cache import cache
from django.test import RequestFactory

from search.ratelimit import client_address, within_limit


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def address(**meta):
    return client_address(RequestFactory().get("/", **meta))


def test_the_connection_address_counts_and_a_forwarded_for_header_is_ignored():
    assert address(REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.1") == "192.0.2.10"


def test_a_trusted_proxy_passes_on_the_client_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert address(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1") == "198.51.100.1"
    assert address(REMOTE_ADDR="10.0.0.2") == "10.0.0.2"


def test_an_ipv6_client_is_its_slash_64():
    assert address(REMOTE_ADDR="2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert address(REMOTE_ADDR="2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"


def test_no_usable_address_shares_one_allowance():
    assert address(REMOTE_ADDR="") == "unknown"


def test_counters_stop_at_their_limit_per_key():
    assert [within_limit("test", "a", 3, window_seconds=3600) for _ in range(5)] == [True] * 3 + [False] * 2
    assert within_limit("test", "b", 3, window_seconds=3600)
    assert within_limit("other", "a", 3, window_seconds=3600)
