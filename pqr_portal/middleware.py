"""
Middleware: NUL bytes in the address refused; the staff session's idle
timeout, then the second factor.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from pqr_portal import security


class NulByteMiddleware:
    """
    Answer 400 to a request whose path or query string holds a NUL byte.

    PostgreSQL refuses NUL in text, so a NUL reaching a lookup (a token, a
    radicado in the path, a filter value) was a 500. Form fields are covered by
    Django's CharField (ProhibitNullCharactersValidator); the body is not read
    here, so upload limits that check the length first keep working.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", "") or any(
                "\x00" in key or any("\x00" in v for v in values)
                for key, values in request.GET.lists()):
            return HttpResponseBadRequest(_("La dirección contiene caracteres no válidos."))
        return self.get_response(request)


class SessionIdleTimeoutMiddleware:
    """Log a staff user out after PQR_SESSION_IDLE_MINUTES without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and security.session_idle_expired(request):
            path = request.get_full_path()
            security.end_session(request)
            messages.info(request, _("Su sesión se cerró por inactividad. Ingrese de nuevo."))
            return redirect(f"{reverse('login')}?{urlencode({'next': path})}")
        return self.get_response(request)


class SecondFactorMiddleware:
    """
    Send a user who must pass the second factor to enrol or verify first.

    Runs after django_otp's OTPMiddleware (request.user.is_verified). Only
    the second-factor pages, logout and static files stay reachable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and not user.is_verified()
                and not self._exempt(request.path) and security.otp_required_for(user)):
            target = "otp-verify" if security.user_has_second_factor(user) else "otp-setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        exempt = (reverse("otp-verify"), reverse("otp-setup"), reverse("logout"), "/static/")
        return path.startswith(exempt)
