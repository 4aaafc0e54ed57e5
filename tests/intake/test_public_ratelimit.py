"""The cache-based rate limiter shared by the public pages."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from pqr_portal import ratelimit


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(("rate", "expected"), [
    ("10/h", (10, 3600)), ("30/5m", (30, 300)), ("1/s", (1, 1)), ("100/d", (100, 86400)),
])
def test_parse_rate(rate, expected):
    assert ratelimit.parse_rate(rate) == expected


@pytest.mark.parametrize("bad", ["", "10", "ten/h", "10/x", "10/h/2"])
def test_parse_rate_refuses_nonsense(bad):
    with pytest.raises(ValueError):
        ratelimit.parse_rate(bad)


def test_hit_allows_up_to_the_limit_per_key():
    assert [ratelimit.hit("k1", 3, 60) for _ in range(5)] == [True, True, True, False, False]
    assert ratelimit.hit("k2", 3, 60) is True
    ratelimit.reset("k1")
    assert ratelimit.hit("k1", 3, 60) is True


def test_window_expires(settings):
    import time_machine

    # Locmem expiry follows the (travelled) Python clock; Redis keeps its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with time_machine.travel("2026-11-02 10:00:00-05:00", tick=False) as traveller:
        assert ratelimit.hit("w", 1, 60) is True
        assert ratelimit.hit("w", 1, 60) is False
        traveller.shift(61)
        assert ratelimit.hit("w", 1, 60) is True


def test_a_cache_that_is_down_limits_in_process_and_says_so(caplog):
    ratelimit.reset("down")
    with mock.patch.object(ratelimit.cache, "add", side_effect=ConnectionError("redis down")):
        assert ratelimit.hit("down", 1, 60) is True
        assert ratelimit.hit("down", 1, 60) is False  # not waved through
        assert ratelimit.hit("other", 1, 60) is True
    assert any("limiting down in this process" in r.getMessage() and r.levelname == "ERROR"
               for r in caplog.records)
    ratelimit.reset("down")
    ratelimit.reset("other")


def test_client_ip_ignores_forwarded_for_unless_the_connection_is_a_trusted_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                   HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.PQR_TRUSTED_PROXIES = ["192.168.0.0/16"]  # not the connecting address
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.PQR_TRUSTED_PROXIES = ["10.0.0.0/24"]
    # The proxy appended what it saw; 6.6.6.6 is whatever the client wrote.
    assert ratelimit.client_ip(request) == "203.0.113.7"
    settings.PQR_TRUSTED_PROXIES = ["10.0.0.0/24", "203.0.113.7/32"]  # two proxies in a row
    assert ratelimit.client_ip(request) == "6.6.6.6"


def test_client_ip_stops_at_garbage_in_the_forwarded_chain(settings):
    settings.PQR_TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1",
                                   HTTP_X_FORWARDED_FOR="not-an-ip, 10.0.0.2")
    assert ratelimit.client_ip(request) == "10.0.0.2"


def test_ipv6_clients_share_a_key_per_64_and_ipv4_mapped_is_ipv4():
    def key(addr):
        return ratelimit.client_key(RequestFactory().get("/", REMOTE_ADDR=addr))

    assert key("2001:db8:1:2:aaaa::1") == key("2001:db8:1:2:ffff:1:2:3") == "2001:db8:1:2::/64"
    assert key("2001:db8:1:3::1") != key("2001:db8:1:2::1")
    assert key("::ffff:203.0.113.9") == key("203.0.113.9") == "203.0.113.9"
