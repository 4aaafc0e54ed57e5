"""
Reading ids typed into query strings and forms, without server errors.

`str.isdigit()` is true for "²" and "٣", which int() or the database then
refuse with a 500; an id here is 1 to 18 ASCII digits (within bigint).
"""

from __future__ import annotations

import re

_ID = re.compile(r"[0-9]{1,18}", re.ASCII)


def id_or_none(raw) -> int | None:
    """Return `raw` as a positive id, or None for anything else (text, "²", "-1", "0")."""
    if raw is None:
        return None
    text = str(raw).strip()
    if not _ID.fullmatch(text):
        return None
    value = int(text)
    return value or None
