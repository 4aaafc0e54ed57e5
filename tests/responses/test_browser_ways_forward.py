"""
Chromium at 360 px: a citizen never meets a dead end. From the public home they
follow their case, find the answer above the history, open it, go on to the
recurso from the notification page, and leave with the recurso's constancia.
"""

import os
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from responses.models import Recurso
from tests.conftest import bogota_context
from tests.responses.conftest import electronic_case, issue, working

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BOGOTA = ZoneInfo("America/Bogota")
# The answer was issued on Wednesday 2 December 2026; the citizen comes on Thursday.
ISSUED = datetime(2026, 12, 2, 9, tzinfo=BOGOTA)
VISIT = datetime(2026, 12, 3, 10, tzinfo=BOGOTA)


def test_citizen_goes_from_home_to_answer_to_recurso_and_its_constancia(
        browser, live_server, back_office, coordinador, output_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(ISSUED, tick=False):
        case = electronic_case(actor=back_office)
        working(case, back_office)
        letter = issue(case, back_office, coordinador, at=ISSUED)
    context = bogota_context(browser, 360, 740, accept_downloads=True)
    page = context.new_page()
    try:
        with time_machine.travel(VISIT, tick=True):
            page.goto(live_server.url + "/")
            expect(page.get_by_role("link", name="Ingreso de funcionarios")).to_be_visible()
            page.get_by_role("link", name="Consultar mi PQR").click()
            page.get_by_label("Número de radicado").fill(case.radicado)
            page.get_by_label("Código de consulta").fill(case.tracking_code)
            page.get_by_role("button", name="Consultar", exact=True).click()
            # On a phone the answer comes before the history.
            answer = page.get_by_role("heading", name="Respuesta a su solicitud")
            history = page.get_by_role("heading", name="Qué ha pasado")
            assert answer.bounding_box()["y"] < history.bounding_box()["y"]
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            page.screenshot(path=os.path.join(output_dir, "citizen-track-answer-360.png"),
                            full_page=True)

            page.get_by_role("link", name="Abrir la respuesta (queda notificado)").click()
            page.get_by_role("button", name="Abrir la respuesta").click()
            expect(page.get_by_text("Quedó notificado(a).")).to_be_visible()
            # The notification page leads on to the recurso, radicado filled in.
            page.get_by_role("link", name="Interponer un recurso").click()
            expect(page.get_by_label("Radicado de su solicitud")).to_have_value(case.radicado)
            page.get_by_label("Código de consulta").fill(case.tracking_code)
            page.get_by_label("Recurso de reposición y en subsidio de apelación").check()
            page.get_by_label("Motivos del recurso").fill("El medidor fue revisado mal.")
            page.get_by_role("button", name="Radicar el recurso").click()

            expect(page.get_by_role("heading", name="Recurso radicado")).to_be_visible()
            recurso = Recurso.objects.get(decision_letter=letter)
            expect(page.locator("#radicado")).to_have_text(recurso.case.radicado)
            expect(page.get_by_text("Enviamos una copia de la constancia a "
                                    "usuario@example.com.")).to_be_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            page.screenshot(path=os.path.join(output_dir, "citizen-recurso-filed-360.png"),
                            full_page=True)
            with page.expect_download() as download:
                page.get_by_role("link", name="Descargar la constancia (PDF)").click()
            assert download.value.suggested_filename == \
                f"constancia-{recurso.case.radicado}.pdf"
            page.get_by_role("link", name="Consultar el estado de mi recurso").click()
            expect(page.get_by_label("Número de radicado")).to_have_value(recurso.case.radicado)
    finally:
        context.close()
