"""The whole answer path in Chromium: draft, return, fix, approve, issue, e-mail, citizen opens."""

import os
import re

import pytest
from playwright.sync_api import expect

from caserecord.models import OutgoingEmail
from caserecord.outbox import email_send
from intake.choices import CaseStatus
from intake.models import Case
from responses.models import Response
from tests.conftest import bogota_context, login
from tests.responses.conftest import electronic_case, working


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_answer_drafted_returned_fixed_approved_issued_and_opened(
        browser, live_server, back_office, coordinador, output_dir, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    case = electronic_case(actor=back_office, description="Me cobraron 900 kWh <b>y</b> {{x}}")
    working(case, back_office)
    case_url = f"{live_server.url}/respuestas/casos/{case.pk}/"

    back_ctx = bogota_context(browser)
    coord_ctx = bogota_context(browser)
    citizen_ctx = bogota_context(browser)
    back, coord, citizen = back_ctx.new_page(), coord_ctx.new_page(), citizen_ctx.new_page()
    try:
        # Back office drafts from a template and sends it for review.
        login(back, live_server, "back")
        back.goto(case_url)
        back.get_by_role("link", name="Proyectar respuesta").click()
        back.get_by_label("Plantilla").select_option(
            label="Reclamo por alto consumo: no accede (consumo verificado)")
        back.get_by_role("button", name="Crear borrador").click()
        expect(back.get_by_label("Cuerpo de la respuesta")).to_contain_text("{{x}}")
        back.get_by_role("button", name="Guardar y enviar a revisión").click()
        expect(back.get_by_text("Respuesta enviada a revisión.")).to_be_visible()

        # The coordinator returns it with comments.
        login(coord, live_server, "coord")
        coord.goto(case_url)
        coord.get_by_role("link", name="Revisar").click()
        coord.get_by_label("Observaciones para quien proyectó").fill(
            "Mencione el acta de la visita técnica.")
        coord.get_by_role("button", name="Devolver con observaciones").click()
        expect(coord.locator(".case-status")).to_have_text("Respuesta devuelta")

        # Back office sees the comments, fixes the draft and sends it again.
        back.goto(case_url)
        expect(back.get_by_text("Mencione el acta de la visita técnica.")).to_be_visible()
        back.get_by_role("link", name="Editar").click()
        # The rich-text editor (no HTML to type): a new paragraph, a word in bold.
        body = back.get_by_label("Cuerpo de la respuesta")
        expect(body).to_have_attribute("contenteditable", "true")
        body.click()
        back.keyboard.press("Control+End")
        back.keyboard.press("Enter")
        back.keyboard.type("Según el acta de revisión 77, el medidor funciona.")
        back.keyboard.press("ArrowLeft")
        for _ in "funciona":
            back.keyboard.press("Shift+ArrowLeft")
        back.get_by_role("button", name="Negrilla").click()
        back.get_by_role("button", name="Guardar y enviar a revisión").click()
        expect(back.locator(".case-status")).to_have_text("Respuesta en revisión")
        saved = Response.objects.get(case=case).body_html
        assert re.search(r"el medidor <(b|strong)>funciona</(b|strong)>\.", saved), saved

        # The coordinator approves and issues; the letter goes out by e-mail.
        coord.goto(case_url)
        coord.get_by_role("link", name="Revisar").click()
        expect(coord.get_by_text("Según el acta de revisión 77")).to_be_visible()
        coord.get_by_role("button", name="Aprobar").click()
        expect(coord.get_by_text("Respuesta aprobada.")).to_be_visible()
        # Issuing cannot be undone: the box must be ticked first.
        coord.get_by_label(re.compile("Confirmo que la respuesta está lista")).check()
        coord.get_by_role("button", name="Emitir la respuesta").click()
        expect(coord.get_by_text(re.compile(r"Respuesta emitida con radicado S-\d{4}-"))).to_be_visible()
        expect(coord.locator(".case-status")).to_have_text("Respondido")
        # Queued is not sent: the page says so until the mail server accepts the notice.
        expect(coord.get_by_text("Correo en cola")).to_be_visible()
        email = OutgoingEmail.objects.get(case=case, purpose="response.notification")
        assert email_send(email_id=email.pk)
        coord.reload()
        expect(coord.get_by_text("Correo enviado")).to_be_visible()

        # The e-mail carries the personal link; the citizen opens the answer from the
        # tracking page, which leads to the same page.
        link = re.search(r"https?://\S+/pqr/verificar/notificacion/\S+/", email.body).group(0)
        citizen.goto(f"{live_server.url}/pqr/consultar/")
        citizen.get_by_label("Número de radicado").fill(case.radicado)
        citizen.get_by_label("Código de consulta").fill(case.tracking_code)
        citizen.get_by_role("button", name="Consultar").click()
        citizen.get_by_role("link", name="Abrir la respuesta (queda notificado)").click()
        assert citizen.url.endswith(link.split("/pqr/", 1)[1])
        citizen.get_by_role("button", name="Abrir la respuesta").click()
        expect(citizen.get_by_text("Quedó notificado(a).")).to_be_visible()
        with citizen.expect_download() as download:
            citizen.get_by_role("link", name="Descargar la respuesta (PDF)").click()
        assert download.value.suggested_filename.startswith("respuesta-S-")
        citizen.goto(f"{live_server.url}/pqr/consultar/")
        citizen.get_by_label("Número de radicado").fill(case.radicado)
        citizen.get_by_label("Código de consulta").fill(case.tracking_code)
        citizen.get_by_role("button", name="Consultar").click()
        expect(citizen.get_by_role("link", name="Ver la respuesta")).to_be_visible()
        expect(citizen.get_by_role("button", name="Interponer un recurso")).to_be_visible()
        citizen.screenshot(path=os.path.join(output_dir, "responses-tracking.png"),
                           full_page=True)

        # Back on the case: notified.
        coord.goto(case_url)
        expect(coord.locator(".case-status")).to_have_text("Notificado")
        expect(coord.locator(".notified")).to_contain_text("Notificada")
        coord.screenshot(path=os.path.join(output_dir, "responses-notificado.png"), full_page=True)
    finally:
        back_ctx.close()
        coord_ctx.close()
        citizen_ctx.close()

    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.NOTIFICADO
    response = Response.objects.get(case=case)
    versions = list(response.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3]  # template, first send, the fix
    assert "acta de revisión 77" in versions[-1].body_html
    assert "acta de revisión 77" not in versions[1].body_html
    assert list(response.reviews.values_list("action", flat=True)) == [
        "submitted", "returned", "submitted", "approved"]
