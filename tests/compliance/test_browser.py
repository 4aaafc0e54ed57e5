"""Chromium: the term calculator and the calendar, as a back-office user would use them."""

import os

import pytest

from compliance.catalogue import TERM_RULES
from compliance.models import TermRule
from pqr_portal.roles import Role
from tests.conftest import login
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def term_rules():
    # A transactional test before this one may have flushed the seeded rules.
    for kind, name, days, default_days, basis, sap in TERM_RULES:
        TermRule.objects.update_or_create(kind=kind, defaults={
            "name": name, "business_days": days, "default_business_days": default_days,
            "legal_basis": basis, "sap_applies": sap})


def test_calculator_on_a_phone_lists_skipped_days(phone_page, live_server, output_dir, term_rules):
    make_user(Role.BACK_OFFICE, username="calculista")
    page = phone_page
    page.set_default_timeout(15_000)
    login(page, live_server, "calculista")
    page.goto(f"{live_server.url}/terminos/calculadora/")
    page.get_by_label("Fecha y hora de radicación").fill("2026-12-05T10:00")
    page.get_by_label("Tipo de solicitud").select_option(label="Reclamo")
    page.get_by_role("button", name="Calcular").click()
    result = page.locator("#resultado").locator("..")
    result.get_by_text("30/12/2026").wait_for()
    assert result.get_by_text("Navidad").is_visible()
    assert result.get_by_text("La Inmaculada Concepción").is_visible()
    # What was typed stays on the form.
    assert page.get_by_label("Fecha y hora de radicación").input_value() == "2026-12-05T10:00"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(output_dir, "compliance-calculator-phone.png"),
                    full_page=True)


def test_coordinator_adds_a_closure_from_the_calendar(page, live_server, output_dir, term_rules):
    make_user(Role.COORDINADOR, username="coordinadora")
    page.set_default_timeout(15_000)
    login(page, live_server, "coordinadora")
    page.goto(f"{live_server.url}/terminos/calendario/?year=2026")
    assert page.get_by_text("Día de Nuestra Señora del Rosario de Chiquinquirá").first.is_visible()
    page.get_by_label("Fecha").fill("2026-12-24")
    page.get_by_label("Motivo").fill("Nochebuena")
    page.get_by_role("button", name="Guardar cierre").click()
    page.get_by_text("No adoptado: no afecta los términos").wait_for()
    page.screenshot(path=os.path.join(output_dir, "compliance-calendar.png"), full_page=True)
