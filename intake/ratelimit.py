"""
A small fixed-window rate limiter on the Django cache.

The cache is Redis in production (shared by every web node) and locmem in
the embedded default. Any helper may use it:

    if not ratelimit.hit(f"track:{ip}", limit=20, period_seconds=3600):
        return too_many_requests()
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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


def hit(key: str, limit: int, period_seconds: int) -> bool:
    """
    Count one attempt for `key`; return False when the limit is exceeded.

    Fixed window: the first attempt opens a window of `period_seconds`. With
    Redis, add + incr are atomic, so parallel requests cannot slip through.
    A cache that is down lets the request through (logged): refusing every
    citizen because Redis is down would be worse than a missed limit.
    """
    ck = _cache_key(key)
    try:
        cache.add(ck, 0, timeout=period_seconds)
        try:
            count = cache.incr(ck)
        except ValueError:  # expired between add and incr
            cache.add(ck, 1, timeout=period_seconds)
            count = 1
    except Exception:  # noqa: BLE001 - any cache failure: fail open, but say so
        logger.warning("rate limit cache unavailable for %s", key, exc_info=True)
        return True
    return count <= limit


def hit_rate(key: str, rate: str) -> bool:
    """Count one attempt for `key` against a rate string such as "10/h"."""
    limit, period = parse_rate(rate)
    return hit(key, limit, period)


def reset(key: str) -> None:
    """Forget the attempts of `key` (tests, or an operator unblocking someone)."""
    cache.delete(_cache_key(key))


def client_ip(request) -> str:
    """
    Return the client's IP address.

    Behind a reverse proxy REMOTE_ADDR is the proxy: set
    PQR_TRUSTED_PROXY_COUNT to the number of proxies that append to
    X-Forwarded-For, and the address they saw is used instead. Without that
    setting the header is ignored, because a client can forge it.
    """
    proxies = int(getattr(settings, "PQR_TRUSTED_PROXY_COUNT", 0) or 0)
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if proxies > 0:
        chain = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if p.strip()]
        if len(chain) >= proxies:
            return chain[-proxies]
    return remote
