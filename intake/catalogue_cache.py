"""
Catalogues read on every public filing (causales, municipalities), kept in
process for CACHE_SECONDS and cleared on save/delete in this process
(signals in apps.py). Other processes see an edit within that time.
"""

from time import monotonic

CACHE_SECONDS = 60
_cache: dict = {}


def _cached(key, loader):
    now = monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = loader()
    _cache[key] = (now + CACHE_SECONDS, value)
    return value


def clear(**kwargs) -> None:
    _cache.clear()


def active_causal(code: str):
    """Return the active Causal with `code`, or None."""
    from intake.models import Causal

    return _cached("causales", lambda: {c.code: c for c in Causal.objects.filter(active=True)}).get(code)


def municipality(pk):
    """Return the Municipality with primary key `pk`, or None."""
    from intake.models import Municipality

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return _cached("municipalities", lambda: {m.pk: m for m in Municipality.objects.all()}).get(pk)
