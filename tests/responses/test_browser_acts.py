"""
Chromium: the back office looks for a way to close an unanswered reclamo and
finds none; records a desistimiento tácito once the petitioner's month ran
out; transfers a petición to another entity with its letter.

The month is driven through the services at a past instant (time_machine in
the test process, before the browser starts); the browser acts at the real now.
"""

import os
import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from compliance.models import Term
from intake.choices import CaseKind, CaseStatus
from intake.models import Case
from responses import services
from responses.models import Purpose
from tests.conftest import login
from tests.factories import make_case
from tests.responses.conftest import working

FINAL_LABELS = re.compile(r"Cerrado|Desistido|Trasladado|Anulado|Respondido|Notificado")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_back_office_closes_only_through_acts(page, live_server, back_office, coordinador,
                                               output_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    page.set_default_timeout(15_000)
    reclamo = working(make_case(actor=back_office), back_office)
    # A petición whose requerimiento went out 40 days ago: the month has run out.
    filed = timezone.now() - timedelta(days=41)
    with time_machine.travel(filed, tick=False):
        incomplete = working(make_case(actor=back_office, kind=CaseKind.PETICION), back_office)
    with time_machine.travel(filed + timedelta(days=1), tick=False):
        services.requerimiento_send(case=incomplete, actor=back_office,
                                    missing="Copia del contrato de arrendamiento")
    peticion = working(make_case(actor=back_office, kind=CaseKind.PETICION), back_office)

    login(page, live_server, "back")

    # 1. An unanswered reclamo: no button leads to a final state.
    page.goto(f"{live_server.url}{reclamo.get_absolute_url()}")
    buttons = page.get_by_role("button").all_inner_texts()
    links = page.get_by_role("link").all_inner_texts()
    assert not [b for b in buttons if FINAL_LABELS.search(b)], buttons
    assert not [x for x in buttons + links if re.search(r"\bCerrar\b", x)]
    expect(page.get_by_text("Un caso solo termina por su acto")).to_be_visible()
    page.screenshot(path=os.path.join(output_dir, "acts-reclamo-no-close.png"), full_page=True)

    # 2. The month ran out: the back office drafts the reasoned act and sends it to review.
    page.goto(f"{live_server.url}{incomplete.get_absolute_url()}")
    page.get_by_role("link", name="Declarar desistimiento tácito").click()
    page.get_by_label("Motivación del acto").fill(
        "El peticionario no aportó la copia del contrato dentro del mes.")
    page.get_by_role("button", name="Proyectar el acto").click()
    expect(page.get_by_text("Acto de desistimiento tácito proyectado")).to_be_visible()
    page.get_by_role("button", name="Guardar y enviar a revisión").click()
    expect(page.get_by_text("Respuesta enviada a revisión.")).to_be_visible()
    act = incomplete.responses.get(purpose=Purpose.DESISTIMIENTO_TACITO)
    services.response_approve(response=act, actor=coordinador)
    letter = services.response_issue(response=act, actor=back_office)
    assert "reposición" in act.recursos_text
    incomplete.refresh_from_db()
    assert incomplete.status == CaseStatus.RESPONDIDO
    # The month is met by the act when its notification leaves (citation or e-mail).
    assert incomplete.terms.get(purpose=Term.Purpose.COMPLETAR).is_open
    assert letter.outgoing_radicado.startswith("S-")

    # 3. A petición for another entity: the oficio and the communication, then trasladado.
    page.goto(f"{live_server.url}{peticion.get_absolute_url()}")
    page.get_by_role("link", name="Trasladar por competencia").click()
    page.get_by_label("Entidad competente").fill("Gas Natural del Sinú S.A. E.S.P.")
    page.get_by_label("Correo de la entidad").fill("pqr@gas.example")
    page.get_by_label("Por qué la empresa no es competente").fill(
        "La solicitud trata del servicio de gas natural.")
    page.get_by_role("button", name="Emitir el oficio y trasladar").click()
    expect(page.get_by_text(re.compile(r"Trasladado con el oficio S-\d{4}-"))).to_be_visible()
    expect(page.locator("h1 small")).to_have_text("Trasladado por competencia")
    expect(page.get_by_text("Trasladado por competencia a Gas Natural del Sinú")).to_be_visible()
    page.screenshot(path=os.path.join(output_dir, "acts-traslado.png"), full_page=True)
    peticion = Case.objects.get(pk=peticion.pk)
    assert peticion.status == CaseStatus.TRASLADADO
    assert peticion.letters.filter(addressee="Gas Natural del Sinú S.A. E.S.P.").exists()
