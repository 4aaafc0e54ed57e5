"""Chromium: the coordinator opens the dashboard, follows "vencen hoy", then makes the SUI file."""

import os

import pytest
from django.utils import timezone

from compliance.models import Term
from pqr_portal.roles import Role
from tests.conftest import login
from tests.factories import make_case, make_user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_follows_due_today_and_downloads_the_sui_file(page, live_server, output_dir):
    make_user(Role.COORDINADOR, username="coordina", first_name="Elsa", last_name="Polo")
    today = [make_case(), make_case()]
    make_case()  # al día
    Term.objects.filter(case__in=today).update(band=Term.Band.VENCE_HOY)
    page.set_default_timeout(15_000)

    login(page, live_server, "coordina")
    page.goto(f"{live_server.url}/reportes/")
    due_today = page.get_by_role("link", name="2 vencen hoy")
    assert due_today.is_visible()
    assert page.locator("svg.chart").count() >= 4
    page.screenshot(path=os.path.join(output_dir, "reports-dashboard.png"), full_page=True)
    due_today.click()
    page.wait_for_url("**/gestion/casos/?open_band=vence_hoy")
    rows = page.locator("table.cases tbody tr")
    assert rows.count() == 2
    for case in today:
        assert page.get_by_text(case.radicado).is_visible()

    page.goto(f"{live_server.url}/reportes/sui/")
    month = timezone.localdate()  # the cases were filed this month
    page.get_by_label("Mes", exact=True).fill(f"{month:%Y-%m}")
    page.get_by_role("button", name="Validar el mes").click()
    page.get_by_text("Todas las filas son válidas.").wait_for()
    page.get_by_role("button", name="Generar el archivo SUI").click()
    page.get_by_text("Archivo SUI de").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="Descargar").first.click()
    path = info.value.path()
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert lines[0].startswith("departamento_dane,municipio_dane")
    assert len(lines) == 4  # header + the three cases, pending (tipo de respuesta 9)
    assert all(",9,,,,3," in line for line in lines[1:])
