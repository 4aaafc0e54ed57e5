"""
Client address and rate limits, attacked: a forged X-Forwarded-For, an IPv6
host hopping inside its /64, a cache that is down; the challenge past the limit.
"""

import re
from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.core.cache import cache

from intake import challenge
from intake.models import Case
from pqr_portal import ratelimit
from tests.intake.test_public_form import URL, valid_data

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _challenge_from(response) -> tuple[str, int]:
    html = response.content.decode()
    token = re.search(r'name="challenge_token" value="([^"]+)"', html).group(1)
    a, b = map(int, re.search(r"¿Cuánto es (\d+) más (\d+)\?", html).groups())
    return token, a + b


def test_forged_forwarded_for_from_an_untrusted_address_does_not_escape_the_limit(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "2/h"
    settings.PQR_TRUSTED_PROXIES = ["172.30.0.10/32"]  # the proxy; this client is not it
    codes = [client.post(URL, valid_data(), REMOTE_ADDR="198.51.100.7",
                         HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(4)]
    assert codes == [302, 302, 429, 429]
    assert Case.objects.count() == 2


def test_behind_the_trusted_proxy_each_citizen_has_their_own_limit(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "1/h"
    settings.PQR_TRUSTED_PROXIES = ["172.30.0.10/32"]
    proxy = {"REMOTE_ADDR": "172.30.0.10"}
    assert client.post(URL, valid_data(), HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy).status_code == 302
    assert client.post(URL, valid_data(), HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy).status_code == 302
    # A client writing its own header behind the proxy: nginx appends (or replaces); the
    # rightmost untrusted hop is what counts.
    forged = "9.9.9.9, 203.0.113.1"
    assert client.post(URL, valid_data(), HTTP_X_FORWARDED_FOR=forged, **proxy).status_code == 429


def test_an_ipv6_host_hopping_inside_its_64_stays_limited(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "2/h"
    codes = [client.post(URL, valid_data(), REMOTE_ADDR=f"2001:db8:7:9::{i:x}").status_code
             for i in range(1, 5)]
    assert codes == [302, 302, 429, 429]
    # Another /64 is another subscriber.
    assert client.post(URL, valid_data(), REMOTE_ADDR="2001:db8:7:a::1").status_code == 302


def test_the_public_form_stays_limited_while_the_cache_is_down(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "2/h"
    ratelimit.reset(f"file:{'192.0.2.44'}")
    with mock.patch.object(ratelimit.cache, "add", side_effect=ConnectionError("redis down")):
        codes = [client.post(URL, valid_data(), REMOTE_ADDR="192.0.2.44").status_code
                 for _ in range(3)]
    ratelimit.reset("file:192.0.2.44")
    assert codes == [302, 302, 429]


def test_past_the_limit_a_solved_challenge_files_the_case(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "1/h"
    assert client.post(URL, valid_data()).status_code == 302
    asked = client.post(URL, valid_data(description="Segunda solicitud: el medidor está dañado."))
    assert asked.status_code == 429 and Case.objects.count() == 1
    # The typed data comes back in the form, so nothing needs to be typed again.
    assert "Segunda solicitud: el medidor está dañado." in asked.content.decode()
    token, answer = _challenge_from(asked)
    filed = client.post(URL, valid_data(challenge_token=token, challenge_answer=str(answer)))
    assert filed.status_code == 302 and Case.objects.count() == 2


def test_a_wrong_replayed_or_forged_challenge_files_nothing(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "1/h"
    client.post(URL, valid_data())
    token, answer = _challenge_from(client.post(URL, valid_data()))
    wrong = client.post(URL, valid_data(challenge_token=token, challenge_answer=str(answer + 1)))
    assert wrong.status_code == 429 and "no era correcta" in wrong.content.decode()
    # The same token, now with the right answer: already spent.
    assert client.post(URL, valid_data(challenge_token=token,
                                       challenge_answer=str(answer))).status_code == 429
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert client.post(URL, valid_data(challenge_token=forged,
                                       challenge_answer=str(answer))).status_code == 429
    token2, answer2 = _challenge_from(client.post(URL, valid_data()))
    assert client.post(URL, valid_data(challenge_token=token2,
                                       challenge_answer=str(answer2))).status_code == 302
    assert client.post(URL, valid_data(challenge_token=token2,
                                       challenge_answer=str(answer2))).status_code == 429
    assert Case.objects.count() == 2


def test_an_expired_challenge_fails():
    import time_machine

    with time_machine.travel("2026-11-02 10:00:00-05:00", tick=False) as traveller:
        asked = challenge.challenge_new()
        a, b = map(int, re.search(r"(\d+) más (\d+)", asked["question"]).groups())
        traveller.shift(challenge.MAX_AGE + 1)
        assert challenge.challenge_passed(asked["token"], str(a + b)) is False


def test_solved_challenges_have_a_ceiling(client, settings):
    settings.PQR_PUBLIC_RATE_LIMIT = "1/h"
    settings.PQR_PUBLIC_CHALLENGE_RATE = "1/h"
    client.post(URL, valid_data())
    token, answer = _challenge_from(client.post(URL, valid_data()))
    assert client.post(URL, valid_data(challenge_token=token,
                                       challenge_answer=str(answer))).status_code == 302
    token, answer = _challenge_from(client.post(URL, valid_data()))
    refused = client.post(URL, valid_data(challenge_token=token, challenge_answer=str(answer)))
    assert refused.status_code == 429 and "Demasiados intentos" in refused.content.decode()
    assert Case.objects.count() == 2


def test_the_compose_file_publishes_only_the_proxy_and_trusts_only_its_address():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    published = {name for name, svc in services.items() if svc.get("ports")}
    assert published == {"proxy"}
    proxy_ip = services["proxy"]["networks"]["edge"]["ipv4_address"]
    trusted = compose["x-app"]["environment"]["PQR_TRUSTED_PROXIES"]
    assert trusted == f"{proxy_ip}/32"
    assert "./deploy/nginx/pqr.conf:/etc/nginx/conf.d/default.conf:ro" in services["proxy"]["volumes"]


def test_the_proxy_config_terminates_tls_caps_the_body_and_sets_the_client_address(settings):
    from intake.forms_public import MAX_FILES
    from pqr_portal import uploads

    conf = (ROOT / "deploy" / "nginx" / "pqr.conf").read_text()
    assert "listen 443 ssl;" in conf and "return 301 https://" in conf
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    body_mb = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    needed = uploads.largest_request_bytes()
    assert needed >= MAX_FILES * settings.PQR_MAX_ATTACHMENT_BYTES
    assert body_mb * 1024 * 1024 >= needed  # the app's own 413 page stays reachable
    assert body_mb * 1024 * 1024 <= needed + 4 * 1024 * 1024
