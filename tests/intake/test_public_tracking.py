"""Tracking by radicado + code: right pair works, wrong and unknown look the same."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from caserecord.services import event_record
from intake import services
from intake.choices import CaseStatus
from pqr_portal.roles import Role
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db

URL = "/pqr/consultar/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def normalized(response, *typed) -> str:
    """The page without what changes on every render (CSRF token, CSP nonce) or was typed."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    html = re.sub(r'nonce="[^"]+"', "NONCE", html)
    html = re.sub(r'"x-csrftoken": "[^"]+"', "CSRF", html)
    for value in typed:
        html = html.replace(value, "TYPED")
    return html


def test_the_tracking_form_is_public(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Número de radicado" in response.content.decode()
    # The receipt e-mail's link fills in the radicado (never the code).
    prefilled = client.get(URL, {"radicado": "2026-000042"}).content.decode()
    assert 'value="2026-000042"' in prefilled


def test_right_pair_shows_status_timeline_and_due_date(client):
    case = make_case()
    response = client.post(URL, {"radicado": case.radicado, "code": case.tracking_code.lower()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recibida" in html
    assert "Solicitud recibida y radicada" in html
    assert case.response_term.due_date.strftime("%Y") in html
    assert reverse("public:receipt", args=[case.radicado]) in html
    # Tracking lets this browser download the receipt.
    assert client.get(reverse("public:receipt", args=[case.radicado])).status_code == 200


def test_internal_steps_read_as_plain_words(client, coordinador):
    case = make_case()
    gestor = make_user(Role.BACK_OFFICE, username="gestora")
    services.case_assign(case=case, assignee=gestor, actor=coordinador)
    event_record(case=case, kind="case.note", note="Nota interna del gestor")
    response = client.post(URL, {"radicado": case.radicado, "code": case.tracking_code})
    html = response.content.decode()
    assert "Asignada" in html
    assert "Nota interna del gestor" not in html
    assert "gestora" not in html


def test_status_labels_hide_the_review_loop():
    from intake.public_status import public_status

    assert public_status(CaseStatus.RESPUESTA_EN_REVISION).label == "En estudio"
    assert public_status(CaseStatus.DEVUELTA).label == "En estudio"
    assert public_status(CaseStatus.NOTIFICADO).label == "Respuesta notificada"


def test_wrong_pair_and_unknown_radicado_are_indistinguishable(client):
    case = make_case()
    other = make_case()
    wrong = client.post(URL, {"radicado": case.radicado, "code": other.tracking_code})
    unknown_radicado = "2099-999999"
    unknown = client.post(URL, {"radicado": unknown_radicado, "code": other.tracking_code})
    assert wrong.status_code == unknown.status_code == 200
    assert "No encontramos una solicitud" in wrong.content.decode()
    assert normalized(wrong, case.radicado) == normalized(unknown, unknown_radicado)
    # Neither opens the receipt.
    assert client.get(reverse("public:receipt", args=[case.radicado])).status_code == 404


def test_tracking_attempts_are_rate_limited_per_ip(client, settings):
    settings.PQR_TRACK_RATE_LIMIT = "3/h"
    case = make_case()
    for _ in range(3):
        client.post(URL, {"radicado": case.radicado, "code": "AAAAAAAAAAAA"})
    blocked = client.post(URL, {"radicado": case.radicado, "code": case.tracking_code})
    assert blocked.status_code == 429
    assert case.tracking_code not in blocked.content.decode()
    # Another address still gets through.
    ok = Client(REMOTE_ADDR="10.9.8.7").post(URL, {"radicado": case.radicado,
                                                   "code": case.tracking_code})
    assert ok.status_code == 200 and "Recibida" in ok.content.decode()


def test_the_responses_panel_is_included_when_that_app_provides_it(client, settings, tmp_path):
    case = make_case()
    panel = tmp_path / "responses" / "public"
    panel.mkdir(parents=True)
    (panel / "_tracking_panel.html").write_text(
        "<section id='panel'>PANEL {{ case.radicado }} {{ tracking_code }}</section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0],
                           "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    html = client.post(URL, {"radicado": case.radicado, "code": case.tracking_code}
                       ).content.decode()
    assert f"PANEL {case.radicado} {case.tracking_code}" in html


def test_missing_fields_get_spanish_messages(client):
    response = client.post(URL, {"radicado": "", "code": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escriba el número de radicado." in html
    assert "Escriba el código de consulta." in html
