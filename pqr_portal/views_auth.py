"""
Staff account pages beyond Django's: the TOTP second factor (enrol, verify)
and the throttled password reset.
"""

from __future__ import annotations

import base64

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from pqr_portal import ratelimit, security


class TokenForm(forms.Form):
    token = forms.CharField(label=gettext_lazy("Código de 6 dígitos"), max_length=8,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                          "inputmode": "numeric"}))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return settings.LOGIN_REDIRECT_URL


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Ask the code of the user's authenticator app (after the password)."""
    if not security.user_has_second_factor(request.user):
        return redirect("otp-setup")
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if form.is_valid():
        # TOTP devices throttle themselves: each failure doubles the wait.
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("El código no es válido o ya venció. Espere el siguiente "
                                  "código de su aplicación y vuelva a intentarlo."))
    return render(request, "registration/otp_verify.html",
                  {"form": form, "next": _next_url(request),
                   "page_title": _("Verificación en dos pasos")},
                  status=400 if form.errors else 200)


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """
    Enrol the user's authenticator app (TOTP) and confirm it with one code.

    Only while the user has no confirmed device: replacing a device is the
    administrator's job (admin site, "TOTP devices"), not the password's.
    """
    if security.user_has_second_factor(request.user):
        return redirect("otp-verify")
    device = (TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("pk").last()
              or TOTPDevice.objects.create(user=request.user, name=_("Aplicación autenticadora"),
                                           confirmed=False))
    form = TokenForm(request.POST or None)
    if form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("El código no coincide. Revise que la hora de su teléfono "
                                  "esté bien y escriba el código que muestra ahora."))
    import segno

    return render(request, "registration/otp_setup.html", {
        "form": form, "next": _next_url(request),
        "page_title": _("Activar la verificación en dos pasos"),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=4),
        "secret": base64.b32encode(device.bin_key).decode(),
    }, status=400 if form.errors else 200)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """
    Django's password reset, limited per client address and per e-mail.

    Past the per-address limit the page answers 429; past the per-address
    limit of one e-mail, the usual "sent" page shows but nothing is sent (no
    mail bombing, and nothing tells whether the address has an account).
    """

    def post(self, request, *args, **kwargs):
        rate = settings.PQR_PASSWORD_RESET_RATE
        if not ratelimit.hit_rate(f"pwreset:{ratelimit.client_key(request)}", rate):
            return render(request, "registration/password_reset_too_many.html",
                          {"page_title": _("Demasiados intentos")}, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        if not ratelimit.hit_rate(f"pwreset-email:{email}", settings.PQR_PASSWORD_RESET_RATE):
            return redirect(self.get_success_url())
        return super().form_valid(form)
