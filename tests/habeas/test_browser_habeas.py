"""
Chromium, end to end (Ley 1581): a citizen asks on the public page, from a phone, to know
the personal data the company holds, identified by the radicado and tracking code of an
earlier filing, and gets the request's radicado; the back office, on a desk, checks the
holder's identity, generates the access report and downloads it (the PDF read back as
text, the download logged). Each page fits its width and has no serious axe violation.
"""

import io
import os
import re

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from caserecord.models import DataAccess
from intake.choices import CaseKind
from intake.models import Case
from pqr_portal.roles import Role
from tests.conftest import bogota_context, login
from tests.factories import CustomerFactory, make_case, make_user
from tests.foundation.test_browser_pages import axe_serious, console_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


def _context(browser, width):
    return bogota_context(browser, width, 800 if width < 1000 else 900)


def fits_and_is_accessible(page, width) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not axe_serious(page), page.url


def test_a_citizen_asks_for_their_data_and_the_office_hands_over_the_report(
        browser, live_server, output_dir):
    holder = CustomerFactory(first_name="Marta Lucía", last_name="Suárez Díaz",
                             id_number="52123456", phone="3157778899")
    earlier = make_case(customer=holder, description="La factura llegó muy alta.")
    make_case(customer=CustomerFactory(first_name="Otra", last_name="Persona",
                                       id_number="80111222"))
    make_user(Role.BACK_OFFICE, username="gestora")

    # The citizen, on a 360 px phone.
    phone = _context(browser, 360)
    page = phone.new_page()
    errors = console_errors(page)
    page.goto(f"{live_server.url}/pqr/datos-personales/")
    fits_and_is_accessible(page, 360)
    page.get_by_label("Número de radicado de una de sus solicitudes").fill(earlier.radicado)
    page.get_by_label("Código de consulta").fill(earlier.tracking_code.lower())
    page.get_by_label("Conocer los datos personales que la empresa tiene de mí").check()
    page.get_by_label("Describa su solicitud").fill("Quiero saber qué datos míos tienen.")
    page.get_by_role("button", name="Radicar la solicitud").click()
    page.wait_for_load_state()
    request = Case.objects.get(kind=CaseKind.DATOS_CONSULTA)
    assert request.customer_id == holder.pk
    assert page.locator("#radicado").inner_text().strip() == request.radicado
    assert page.locator("#tracking-code").inner_text().strip() == request.tracking_code
    assert "quedó radicada" in page.get_by_role("heading", level=1).inner_text()
    fits_and_is_accessible(page, 360)
    page.screenshot(path=os.path.join(output_dir, "habeas-citizen-filed.png"), full_page=True)
    assert not errors, errors
    phone.close()

    # The back office, on a desk: the request's case page and its habeas panel.
    desk_context = _context(browser, 1366)
    desk = desk_context.new_page()
    errors = console_errors(desk)
    login(desk, live_server, "gestora")
    desk.wait_for_load_state()
    desk.goto(live_server.url + request.get_absolute_url())
    panel = desk.locator("section[aria-labelledby=habeas-panel-title]")
    assert "Solicitud por el portal" in panel.inner_text()  # identity not checked yet
    assert f"identificado con el radicado {earlier.radicado}" in panel.inner_text()
    fits_and_is_accessible(desk, 1366)
    panel.get_by_label("Verifiqué la identidad del titular (documento de identidad).").check()
    panel.get_by_role("button", name="Generar el reporte de datos (PDF y JSON)").click()
    desk.wait_for_load_state()
    assert "Reporte de datos personales generado" in desk.locator(".messages").inner_text()
    link = desk.locator("section[aria-labelledby=habeas-panel-title]").get_by_role(
        "link", name=re.compile(r"^datos-personales-.*\.pdf$"))
    with desk.expect_download() as download:
        link.click()
    pdf = open(download.value.path(), "rb").read()
    assert pdf.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "Reporte de datos personales del titular" in text
    assert "52123456" in text and "Marta Lucía" in text and "Suárez Díaz" in text
    assert earlier.radicado in text and request.radicado in text
    assert "80111222" not in text and "Otra" not in text  # nobody else's data
    # The download is in the log of reads of personal data.
    assert DataAccess.objects.filter(actor__username="gestora", case_id=request.pk).exists()
    desk.screenshot(path=os.path.join(output_dir, "habeas-office-report.png"), full_page=True)
    assert not errors, errors
    desk_context.close()
