"""
A small fixed-window rate limiter on the Django cache.

The cache is Redis in production (shared by every web node) and locmem in
the embedded default. Any helper may use it:

    if not ratelimit.hit(f"track:{ip}", limit=20, period_seconds=3600):
        return too_many_requests()
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# Counts kept in this process while the shared cache is down: each web node
# then limits on its own (looser, never open).
_fallback = LocMemCache("pqr-ratelimit-fallback", {"MAX_ENTRIES": 10000})


def parse_rate(rate: str) -> tuple[int, int]:
    """
    Return (limit, period in seconds) for a rate such as "10/h" or "30/5m".

    Raise ValueError for anything else, so a bad setting fails loudly.
    """
    try:
        count, per = rate.strip().split("/")
        per = per.strip().lower()
        multiplier = int(per[:-1]) if len(per) > 1 else 1
        return int(count), multiplier * _UNITS[per[-1]]
    except (ValueError, KeyError, IndexError):
        raise ValueError(f"rate must look like '10/h' or '30/5m', got {rate!r}")


def _cache_key(key: str) -> str:
    # Hash the caller's key: IPv6 addresses and odd characters stay cache-safe.
    return "rl:" + hashlib.sha256(key.encode()).hexdigest()[:40]


def _count(store, ck: str, period_seconds: int) -> int:
    store.add(ck, 0, timeout=period_seconds)
    try:
        return store.incr(ck)
    except ValueError:  # expired between add and incr
        store.add(ck, 1, timeout=period_seconds)
        return 1


def hit(key: str, limit: int, period_seconds: int) -> bool:
    """
    Count one attempt for `key`; return False when the limit is exceeded.

    Fixed window: the first attempt opens a window of `period_seconds`. With
    Redis, add + incr are atomic, so parallel requests cannot slip through.
    A cache that is down does not open the gate: the attempt is counted in
    this process instead (logged), so each web node still limits.
    """
    ck = _cache_key(key)
    try:
        count = _count(cache, ck, period_seconds)
    except Exception:  # noqa: BLE001 - any cache failure: limit locally, and say so
        logger.error("rate limit cache unavailable; limiting %s in this process only", key,
                     exc_info=True)
        count = _count(_fallback, ck, period_seconds)
    return count <= limit


def hit_rate(key: str, rate: str) -> bool:
    """Count one attempt for `key` against a rate string such as "10/h"."""
    limit, period = parse_rate(rate)
    return hit(key, limit, period)


def reset(key: str) -> None:
    """Forget the attempts of `key` (tests, or an operator unblocking someone)."""
    cache.delete(_cache_key(key))
    _fallback.delete(_cache_key(key))


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs if c.strip())


def _ip(value: str):
    try:
        ip = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is that IPv4 client.
    return getattr(ip, "ipv4_mapped", None) or ip


def _trusted(ip) -> bool:
    networks = _networks(tuple(getattr(settings, "PQR_TRUSTED_PROXIES", ()) or ()))
    return ip is not None and any(ip.version == n.version and ip in n for n in networks)


def client_ip(request) -> str:
    """
    Return the client's IP address.

    X-Forwarded-For is read only when the connection comes from an address
    in PQR_TRUSTED_PROXIES (CIDRs, none by default): the chain is walked
    from the right, over the trusted proxies, and the first address that is
    not one of them is the client. From anybody else the header is ignored,
    because a client can write anything in it.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    current = _ip(remote)
    if not _trusted(current):
        return str(current) if current is not None else remote
    chain = [p for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
    for hop in reversed(chain):
        ip = _ip(hop)
        if ip is None:  # garbage a proxy passed on: stop at the last good hop
            break
        current = ip
        if not _trusted(ip):
            break
    return str(current)


def client_key(request) -> str:
    """
    Return the rate-limit key of the client: its IPv4 address, or its IPv6 /64.

    One IPv6 subscriber usually holds a whole /64, so counting single IPv6
    addresses would hand each of them billions of fresh limits.
    """
    ip = _ip(client_ip(request))
    if ip is None:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)
