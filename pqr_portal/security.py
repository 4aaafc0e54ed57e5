"""
Staff login controls: who needs the second factor, the address django-axes
counts, and the session idle timeout.

Settings (pqr_portal/settings.py, .env.example):
PQR_OTP_REQUIRED (on in the production shape), PQR_OTP_REQUIRED_ROLES,
PQR_SESSION_IDLE_MINUTES, PQR_ADMIN_PATH.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

from pqr_portal import ratelimit
from pqr_portal.access import roles_for

SESSION_LAST_SEEN = "_pqr_last_seen"
# Write the timestamp at most this often: a session write on every request
# would be a database write on every click.
LAST_SEEN_RESOLUTION = 60


def axes_client_ip(request) -> str | None:
    """
    Return the address django-axes counts failed logins against.

    The same trusted-proxy rule as the rate limiter; an IPv6 client counts
    as its /64 (the network address, a valid IP for axes' column). None
    when the request has no address (a login made by code).
    """
    key = ratelimit.client_key(request)
    return None if key == "unknown" else key.split("/")[0]


def user_has_second_factor(user) -> bool:
    """Return True when `user` has a confirmed TOTP device."""
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def otp_required_for(user) -> bool:
    """
    Return True when `user` must pass the second factor before working.

    Always for someone who enrolled a device. In the production shape
    (PQR_OTP_REQUIRED) also for the roles in PQR_OTP_REQUIRED_ROLES and for
    anyone who can enter the admin site.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if user_has_second_factor(user):
        return True
    if not settings.PQR_OTP_REQUIRED:
        return False
    if user.is_staff or user.is_superuser:
        return True
    required = {str(r) for r in settings.PQR_OTP_REQUIRED_ROLES}
    return bool({str(r) for r in roles_for(user)} & required)


def session_idle_expired(request) -> bool:
    """
    Note the request's activity; return True when the session sat idle too long.

    Idle means no request for PQR_SESSION_IDLE_MINUTES.
    """
    now = int(time.time())
    last = request.session.get(SESSION_LAST_SEEN)
    if last is not None and now - int(last) > settings.PQR_SESSION_IDLE_MINUTES * 60:
        return True
    if last is None or now - int(last) >= LAST_SEEN_RESOLUTION:
        request.session[SESSION_LAST_SEEN] = now
    return False


def end_session(request) -> None:
    logout(request)
