"""
Chromium: the coordinator treats the non-conformity of a late case end to end;
a brigadista fails a critical item of an inspection on a phone and the
non-conformity appears on the coordinator's work page.
"""

import os
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from compliance.models import NonConformity
from compliance.sweep import terms_sweep
from pqr_portal.roles import Role
from tests.conftest import bogota_context, login
from tests.factories import make_case, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def _pdf(name):
    return {"name": name, "mimeType": "application/pdf", "buffer": PDF}


def test_coordinator_treats_the_nc_of_a_late_case_end_to_end(browser, live_server, output_dir,
                                                            settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    coord = make_user(Role.COORDINADOR, username="coordq", first_name="Clara",
                      last_name="Coordinadora")
    make_user(Role.BACK_OFFICE, username="gestorq", first_name="Germán", last_name="Gestor")
    # Filed 40 calendar days ago: more than 15 business days, whatever today is.
    filed = timezone.now() - timedelta(days=40)
    case = make_case(filed_at=filed)
    terms_sweep(now=timezone.now())
    nc = NonConformity.objects.get(case=case)
    today = timezone.localdate()
    in_a_week = (today + timedelta(days=7)).isoformat()

    context = bogota_context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, live_server, "coordq")
        # From the work page to the register, found by the case's radicado.
        page.get_by_role("link", name="1 no conformidad abierta").click()
        page.get_by_label("Buscar", exact=True).fill(case.radicado)
        page.get_by_role("button", name="Filtrar").click()
        page.get_by_role("link", name=nc.code).click()
        expect(page.locator("#nc-status")).to_have_text("Abierta")

        page.get_by_role("link", name="Analizar la causa").click()
        page.get_by_label("1. ¿Por qué ocurrió?").fill("El caso no tenía gestor asignado")
        page.get_by_label("2. ¿Por qué?").fill("La asignación automática estaba apagada")
        page.get_by_label("Causa raíz").fill("Configuración de asignación sin control")
        page.get_by_label("Fecha límite de tratamiento").fill(in_a_week)
        page.get_by_label("Responsable del tratamiento").select_option(label="Clara Coordinadora")
        page.get_by_role("button", name="Guardar análisis").click()
        expect(page.locator("#nc-status")).to_have_text("En tratamiento")

        page.get_by_role("link", name="Agregar una acción correctiva").click()
        page.get_by_label("Acción correctiva").fill("Revisar diariamente los casos sin gestor")
        page.get_by_label("Fecha límite").fill(in_a_week)
        page.get_by_label("Responsable de la acción").select_option(label="Clara Coordinadora")
        page.get_by_role("button", name="Agregar acción").click()

        page.get_by_role("link", name="Programar reentrenamiento").click()
        page.get_by_label("Persona").select_option(label="Germán Gestor")
        page.get_by_label("Tema").fill("Asignación y seguimiento de términos")
        page.get_by_label("Fecha").fill(today.isoformat())
        page.get_by_label("Duración (horas)").fill("2")
        page.get_by_label("Capacitador").fill("Coordinación")
        page.get_by_role("button", name="Programar").click()
        expect(page.get_by_text("Hay reentrenamientos pendientes.")).to_be_visible()

        # The action, done with evidence.
        page.get_by_role("link", name="Revisar diariamente los casos sin gestor").click()
        page.get_by_label("Nuevo estado").select_option(label="Hecha")
        page.get_by_label("Qué se hizo o por qué").fill("Tablero revisado cada mañana")
        page.get_by_label("Evidencia (archivo)").set_input_files(_pdf("tablero.pdf"))
        page.get_by_role("button", name="Guardar").click()
        expect(page.locator("#acciones")).to_contain_text("Hecha")

        # The retraining, held, with its attendance list.
        page.get_by_role("link", name="Registrar realización").click()
        page.get_by_label("Nuevo estado").select_option(label="Realizada")
        page.get_by_label("Lista de asistencia o soporte").set_input_files(_pdf("asistencia.pdf"))
        page.get_by_role("button", name="Guardar").click()
        expect(page.locator("#reentrenamiento")).to_contain_text("Realizada")

        page.get_by_label("Nuevo estado").select_option(label="En verificación de eficacia")
        page.get_by_role("button", name="Cambiar estado").click()
        expect(page.locator("#nc-status")).to_have_text("En verificación de eficacia")
        page.get_by_label("Eficaz", exact=True).check()
        page.get_by_label("Observaciones").fill("Sin casos sin gestor en dos semanas")
        page.get_by_role("button", name="Registrar verificación").click()
        page.get_by_label("Nuevo estado").select_option(label="Cerrada")
        page.get_by_role("button", name="Cambiar estado").click()
        expect(page.locator("#nc-status")).to_have_text("Cerrada")
        expect(page.get_by_text("Cerrada el")).to_be_visible()
        page.screenshot(path=os.path.join(output_dir, "quality-nc-closed.png"), full_page=True)
    finally:
        context.close()
    nc.refresh_from_db()
    assert nc.status == "cerrada" and nc.closed_by == coord
    assert nc.whys == ["El caso no tenía gestor asignado", "La asignación automática estaba apagada"]


def test_brigadista_fails_a_critical_item_on_a_phone(browser, live_server, output_dir, settings,
                                                     tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user(Role.BRIGADISTA, username="brigq")
    make_user(Role.COORDINADOR, username="coordq2")
    phone = bogota_context(browser, 360)
    page = phone.new_page()
    page.set_default_timeout(15_000)
    try:
        login(page, live_server, "brigq")
        page.goto(f"{live_server.url}/terminos/calidad/inspecciones/")
        page.get_by_role("link", name="Aplicar una lista de chequeo").click()
        page.locator("li", has_text="Chequeo preoperacional").get_by_role("link",
                                                                        name="Aplicar").click()
        page.get_by_label("Equipo").fill("Brigada 4")
        for fieldset in page.locator("fieldset.item").all():
            fieldset.get_by_label("Cumple", exact=True).check()
        epp = page.locator("#punto-epp")
        epp.get_by_label("No cumple").check()
        epp.get_by_label("Hallazgo").fill("Guantes dieléctricos rotos")
        epp.get_by_label("Foto").set_input_files(
            {"name": "guantes.png", "mimeType": "image/png", "buffer": PNG})
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.get_by_role("button", name="Registrar inspección").click()
        expect(page.get_by_text("Se abrió 1 no conformidad")).to_be_visible()
        page.screenshot(path=os.path.join(output_dir, "quality-inspection-phone.png"),
                        full_page=True)
    finally:
        phone.close()
    nc = NonConformity.objects.get(origin="inspeccion_qhse")
    assert nc.severity == "critica"

    context = bogota_context(browser)
    coord = context.new_page()
    try:
        login(coord, live_server, "coordq2")
        expect(coord.locator("#calidad")).to_contain_text(nc.code)
        coord.locator("#calidad").get_by_role("link", name=nc.code).click()
        expect(coord.get_by_text("Guantes dieléctricos rotos")).to_be_visible()
    finally:
        context.close()
