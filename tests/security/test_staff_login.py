"""
Staff login, attacked: password guessing (django-axes), the second factor
(django-otp TOTP), idle sessions, short passwords, password-reset flooding,
and the admin site.
"""

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from pqr_portal.roles import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "clave-segura-123"  # tests.factories.UserFactory
LOGIN = "/cuenta/login/"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


# --- guessing ------------------------------------------------------------------------

def test_guessing_a_password_locks_that_username_from_that_address(client, settings):
    user = make_user(Role.BACK_OFFICE, username="victima")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "victima", "no-es-la-clave").status_code == 200
    assert _login(client, "victima", "no-es-la-clave").status_code == 429
    # Locked: even the right password is refused now, from this address.
    locked = _login(client, "victima")
    assert locked.status_code == 429 and "bloqueado" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # A forged X-Forwarded-For from an untrusted address does not unlock it.
    assert _login(client, "victima", HTTP_X_FORWARDED_FOR="203.0.113.50").status_code == 429
    # The real user at another address still gets in (no lockout of the account by strangers).
    assert _login(client, "victima", REMOTE_ADDR="198.51.100.20").status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_an_ipv6_guesser_cannot_rotate_addresses_inside_its_64(client, settings):
    make_user(Role.BACK_OFFICE, username="victima6")
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "victima6", "no-es-la-clave", REMOTE_ADDR=f"2001:db8:5:5::{i + 1:x}")
    assert _login(client, "victima6", REMOTE_ADDR="2001:db8:5:5::ff").status_code == 429


# --- passwords ---------------------------------------------------------------------------

def test_passwords_need_twelve_characters():
    user = make_user(Role.BACK_OFFICE)
    with pytest.raises(ValidationError):
        validate_password("Clave-2026x", user)  # 11 characters
    validate_password("Demo-PQR-2026", user)  # the demo password: 13


def test_password_reset_is_throttled_per_address_and_per_email(client, settings):
    settings.PQR_PASSWORD_RESET_RATE = "3/h"
    make_user(Role.BACK_OFFICE, username="olvido", email="olvido@example.co")
    url = reverse("password_reset")
    codes = [client.post(url, {"email": "olvido@example.co"}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    # From other addresses the same mailbox gets no more mail (no mail bombing), and the
    # answer looks the same as always (nothing tells whether the address has an account).
    other = client.post(url, {"email": "olvido@example.co"}, REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 302 and len(mail.outbox) == 3


# --- second factor ------------------------------------------------------------------------

NOW = "2026-11-02 08:00:10-05:00"  # the whole session on a fixed clock


@pytest.mark.parametrize("role", [Role.COORDINADOR, Role.GERENTE])
def test_coordinator_and_manager_must_enrol_a_second_factor(client, settings, role):
    settings.PQR_OTP_REQUIRED = True
    make_user(role, username="jefe")
    with time_machine.travel(NOW, tick=False) as traveller:
        assert _login(client, "jefe").status_code == 302
        home = client.get("/", follow=True)
        assert home.redirect_chain[-1][0].startswith(reverse("otp-setup"))
        # Every staff page is closed until then, not only the landing page.
        page = client.get(reverse("intake:case-list"))
        assert page.status_code == 302 and page["Location"].startswith(reverse("otp-setup"))
        setup = client.get(reverse("otp-setup"))
        assert "data:image/svg+xml" in setup.content.decode()
        device = TOTPDevice.objects.get(user__username="jefe", confirmed=False)
        wrong = "000000" if _code(device) != "000000" else "111111"
        assert client.post(reverse("otp-setup"), {"token": wrong}).status_code == 400
        traveller.shift(5)  # the device throttles after a failure
        done = client.post(reverse("otp-setup"), {"token": _code(device), "next": "/"})
        assert done.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("intake:case-list")).status_code == 200


def test_other_roles_may_work_without_a_second_factor(client, settings):
    settings.PQR_OTP_REQUIRED = True
    make_user(Role.FRONT_OFFICE, username="pac")
    _login(client, "pac")
    assert client.get(reverse("intake:case-list")).status_code == 200


def test_with_a_device_the_password_alone_is_not_enough(client, settings):
    settings.PQR_OTP_REQUIRED = False  # even where it is not required: who enrolled, verifies
    user = make_user(Role.FRONT_OFFICE, username="conapp")
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    with time_machine.travel(NOW, tick=False) as traveller:
        _login(client, "conapp")
        page = client.get(reverse("intake:case-list"))
        assert page.status_code == 302 and page["Location"].startswith(reverse("otp-verify"))
        # The enrolment page cannot add a second device with only the password.
        assert client.get(reverse("otp-setup"))["Location"] == reverse("otp-verify")
        assert client.post(reverse("otp-verify"), {"token": "12345x"}).status_code == 400
        # Right after a failure even the right code waits: guessing 10^6 codes is throttled.
        assert client.post(reverse("otp-verify"), {"token": _code(device)}).status_code == 400
        traveller.shift(30)
        ok = client.post(reverse("otp-verify"), {"token": _code(device), "next": "/gestion/casos/"})
        assert ok.status_code == 302 and ok["Location"] == "/gestion/casos/"
        assert client.get(reverse("intake:case-list")).status_code == 200


def test_the_embedded_waiver_lets_the_coordinator_in_without_a_device(client, settings):
    settings.PQR_OTP_REQUIRED = False
    make_user(Role.COORDINADOR, username="demo-coord")
    _login(client, "demo-coord")
    assert client.get(reverse("work:coordinador")).status_code == 200


# --- admin site ---------------------------------------------------------------------------

def test_the_admin_is_not_at_admin_and_needs_the_second_factor(client, settings):
    settings.PQR_OTP_REQUIRED = True
    assert reverse("admin:index") != "/admin/"
    assert client.get("/admin/").status_code == 404
    user = make_user(Role.COORDINADOR, username="admin1", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    with time_machine.travel(NOW, tick=False):
        _login(client, "admin1")
        blocked = client.get(reverse("admin:index"))
        assert blocked.status_code == 302 and blocked["Location"].startswith(reverse("otp-verify"))
        client.post(reverse("otp-verify"), {"token": _code(device)})
        assert client.get(reverse("admin:index")).status_code == 200


def test_the_admin_site_itself_refuses_an_unverified_session(rf, settings):
    from django.contrib import admin

    settings.PQR_OTP_REQUIRED = True
    user = make_user(Role.COORDINADOR, username="admin2", is_staff=True, is_superuser=True)
    request = rf.get("/")
    request.user = user
    user.is_verified = lambda: False
    assert admin.site.has_permission(request) is False
    user.is_verified = lambda: True
    assert admin.site.has_permission(request) is True


def test_admin_login_page_sends_to_the_staff_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


# --- idle sessions -------------------------------------------------------------------------

def test_an_idle_staff_session_ends_after_the_setting(client, settings):
    settings.PQR_SESSION_IDLE_MINUTES = 30
    settings.SESSION_COOKIE_AGE = 12 * 3600
    user = make_user(Role.BACK_OFFICE)
    with time_machine.travel("2026-11-02 08:00:00-05:00", tick=False) as traveller:
        client.force_login(user)
        assert client.get(reverse("intake:case-list")).status_code == 200
        traveller.shift(29 * 60)  # active again within 30 minutes: still in
        assert client.get(reverse("intake:case-list")).status_code == 200
        traveller.shift(29 * 60)
        assert client.get(reverse("intake:case-list")).status_code == 200
        traveller.shift(31 * 60)  # 31 minutes idle: out
        response = client.get(reverse("intake:case-list"))
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert "_auth_user_id" not in client.session
        assert client.get(reverse("intake:case-list")).status_code == 302


def test_sessions_do_not_last_two_weeks():
    from pqr_portal import settings as production_shape  # settings_test relaxes both

    assert production_shape.SESSION_COOKIE_AGE == 12 * 3600
    assert production_shape.PQR_SESSION_IDLE_MINUTES == 30
