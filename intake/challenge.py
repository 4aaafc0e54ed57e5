"""
A self-hosted challenge for the public form once its rate limit trips.

A legal filing must not be refused outright because many people share one
connection (a building, a mobile carrier's NAT): past the limit the form
asks a small arithmetic question instead. The question travels signed and
timestamped in a hidden field (no server state, no external service) and
each signed question is accepted once.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.utils.translation import gettext as _

from pqr_portal import ratelimit

SALT = "intake.public.challenge"
MAX_AGE = 15 * 60  # seconds to answer
TOKEN_FIELD = "challenge_token"
ANSWER_FIELD = "challenge_answer"


def challenge_new() -> dict:
    """Return a fresh question and its signed token for the form."""
    a, b = 2 + secrets.randbelow(8), 1 + secrets.randbelow(20)
    token = signing.dumps({"a": a, "b": b, "n": secrets.token_urlsafe(12)}, salt=SALT)
    return {"question": _("¿Cuánto es %(a)s más %(b)s?") % {"a": a, "b": b},
            "token": token, "token_field": TOKEN_FIELD, "answer_field": ANSWER_FIELD}


def challenge_passed(token: str, answer: str) -> bool:
    """
    Return True when `answer` solves the question signed in `token`.

    A token that is forged, older than MAX_AGE or already used fails.
    """
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
        expected = int(data["a"]) + int(data["b"])
        nonce = str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return False
    # Single use, right or wrong: a token cannot be replayed, nor its answer guessed.
    fresh = ratelimit.hit(f"challenge:{nonce}", 1, MAX_AGE)
    try:
        given = int((answer or "").strip()[:6])
    except ValueError:
        return False
    return fresh and given == expected
