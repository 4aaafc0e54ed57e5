"""Headless Chromium at 390 px: a citizen files a PQR, then tracks it with what they were shown."""

import os

import pytest
from django.core.cache import cache

from intake.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_citizen_files_on_a_phone_and_tracks_it(phone_page, live_server, output_dir, tmp_path):
    page = phone_page
    page.goto(f"{live_server.url}/pqr/radicar/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Reclamo: no estoy de acuerdo con mi factura o con un cobro").check()
    page.get_by_label("¿Sobre qué es?").select_option(label="Mi factura llegó muy alta (alto consumo)")
    page.get_by_label("Número de cuenta (NIU)").fill("7654321")
    # A bill older than five months: warned at once (Ley 142 art. 154), never blocked.
    assert not page.locator("#bill-warning").is_visible()
    page.get_by_label("Fecha de la factura").fill("2020-01-15")
    assert page.locator("#bill-warning").is_visible()
    page.get_by_label("Cuéntenos qué pasó y qué solicita").fill(
        "Este mes la factura llegó por 480.000 pesos y siempre pago cerca de 120.000.")
    evidence = tmp_path / "foto-medidor.png"
    evidence.write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 64)
    page.get_by_label("Documentos o fotos (opcional)").set_input_files(str(evidence))

    page.get_by_label("Tipo de documento").select_option("CC")
    page.get_by_label("Número de documento").fill("52123456")
    # A company's name field is hidden for a person.
    assert not page.get_by_label("Razón social (solo empresas con NIT)").is_visible()
    page.get_by_label("Nombres").fill("Marta Lucía")
    page.get_by_label("Apellidos").fill("Suárez")
    page.get_by_label("Teléfono celular o fijo").fill("3157778899")
    page.get_by_label("Correo electrónico", exact=True).fill("marta@example.com")
    page.get_by_label("Dirección", exact=True).fill("Calle 72 # 50-10 apto 301")
    page.get_by_label("Municipio").select_option(label="Barranquilla (Atlántico)")

    page.get_by_label("Por correo electrónico", exact=True).check()
    page.get_by_label("Acepto que me notifiquen por correo electrónico").check()

    # Forgetting the habeas-data consent: refused, message next to it, data kept.
    page.get_by_role("button", name="Radicar mi solicitud").click()
    page.wait_for_load_state()
    assert "debe autorizar el tratamiento de sus datos" in page.content()
    assert page.get_by_label("Nombres").input_value() == "Marta Lucía"
    assert Case.objects.count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(output_dir, "citizen-form-errors-390.png"), full_page=True)

    page.get_by_label("Documentos o fotos (opcional)").set_input_files(str(evidence))
    page.get_by_label("Autorizo el tratamiento de mis datos personales").check()
    page.get_by_role("button", name="Radicar mi solicitud").click()
    page.wait_for_url("**/pqr/radicada/**")

    radicado = page.locator("#radicado").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    case = Case.objects.get()
    assert radicado == case.radicado and code == case.tracking_code
    assert case.attachments.filter(original_name="foto-medidor.png").exists()
    assert page.get_by_role("link", name="Descargar la constancia (PDF)").is_visible()
    assert "más de cinco meses" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(output_dir, "citizen-filed-390.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar la constancia (PDF)").click()
    assert download_info.value.suggested_filename == f"constancia-{radicado}.pdf"

    page.get_by_role("link", name="Consultar el estado de mi solicitud").click()
    page.get_by_label("Número de radicado").fill(radicado)
    page.get_by_label("Código de consulta").fill(code)
    page.get_by_role("button", name="Consultar").click()
    page.wait_for_load_state()
    assert page.locator("#public-status").inner_text() == "Recibida"
    assert "Solicitud recibida y radicada" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(output_dir, "citizen-tracking-390.png"), full_page=True)
