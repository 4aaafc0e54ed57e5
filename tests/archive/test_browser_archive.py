"""Chromium at 360 px: the auxiliar archives a closed case from the landing page and lends it."""

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from archive.models import ArchivedFile, FileLoan
from pqr_portal.roles import Role
from tests.archive.helpers import closed_case
from tests.conftest import bogota_context, login
from tests.factories import make_user


@pytest.fixture
def phone(browser):
    context = bogota_context(browser, 360)
    page = context.new_page()
    yield page
    context.close()


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_auxiliar_archives_a_closed_case_and_records_a_loan(phone, live_server, output_dir,
                                                           settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_user(Role.AUXILIAR, username="archivo", first_name="Diana", last_name="Rojas")
    case = closed_case()
    page = phone
    page.set_default_timeout(15_000)

    login(page, live_server, "archivo")
    page.wait_for_url("**/trabajo/auxiliar/")
    panel = page.locator("#archivo")
    assert "1 caso cerrado pendiente de archivar" in panel.inner_text()
    panel.get_by_role("link", name=f"Archivar {case.radicado}").click()

    page.wait_for_url(f"**/archivo/casos/{case.pk}/archivar/")
    assert "200.45.01" in page.get_by_label("Serie documental (TRD)").locator(
        "option:checked").inner_text()
    page.get_by_label("Caja").fill("31")
    page.get_by_label("Carpeta").fill("2")
    page.get_by_label("Folio inicial").fill("1")
    page.get_by_label("Folio final").fill("14")
    _fits(page)
    page.screenshot(path=os.path.join(output_dir, "archive-file-case.png"), full_page=True)
    page.get_by_role("main").get_by_role("button", name="Archivar", exact=True).click()

    archived = ArchivedFile.objects.get(case=case)
    page.wait_for_url(f"**/archivo/expedientes/{archived.pk}/")
    assert "Caja 31, carpeta 2, folios 1 a 14" in page.get_by_role("main").inner_text()
    page.get_by_role("link", name="Prestar el expediente").click()

    due = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Prestado a").fill("Laura Gómez")
    page.get_by_label("Dependencia").fill("Oficina jurídica")
    page.get_by_label("Motivo del préstamo").fill("Contestar una tutela")
    page.get_by_label("Devolver a más tardar el").fill(due.isoformat())
    _fits(page)
    page.get_by_role("button", name="Registrar el préstamo").click()

    page.wait_for_url(f"**/archivo/expedientes/{archived.pk}/")
    main = page.get_by_role("main")
    assert f"Prestado a Laura Gómez hasta el {due:%d/%m/%Y}." in main.inner_text()
    _fits(page)
    page.screenshot(path=os.path.join(output_dir, "archive-loan.png"), full_page=True)
    loan = FileLoan.objects.get()
    assert loan.returned_at is None and loan.borrower_unit == "Oficina jurídica"

    page.get_by_label("Observaciones de la devolución").fill("Completo, 14 folios")
    page.get_by_role("button", name="Registrar la devolución").click()
    page.get_by_text("Devolución registrada.").wait_for()
    loan.refresh_from_db()
    assert loan.returned_at is not None and loan.return_note == "Completo, 14 folios"
    assert page.get_by_role("link", name="Prestar el expediente").is_visible()
