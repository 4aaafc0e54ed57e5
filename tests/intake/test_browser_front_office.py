"""Chromium: the front office registers a verbal PQR for a customer found by search."""

import os

import pytest

from intake.models import Case
from pqr_portal.roles import Role
from tests.conftest import login
from tests.factories import CustomerFactory, make_case, make_user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_front_office_registers_verbal_pqr_for_existing_customer(page, live_server, output_dir):
    make_user(Role.FRONT_OFFICE, username="ventanilla", first_name="Carla", last_name="Ríos")
    customer = CustomerFactory(first_name="Julio", last_name="Mendoza", accounts="7300451")
    earlier = make_case(customer=customer, account_number="7300451", causal_code="127")
    page.set_default_timeout(15_000)

    login(page, live_server, "ventanilla")
    page.goto(f"{live_server.url}/gestion/radicar/")
    page.get_by_label("Buscar usuario").fill("7300451")
    page.get_by_role("main").get_by_role("button", name="Buscar").click()
    page.get_by_role("link", name="Elegir").click()

    # The petitioner's data came prefilled from the search.
    assert page.get_by_label("Número de documento").input_value() == customer.id_number
    assert page.get_by_label("Cuenta (NIU)").input_value() == "7300451"
    page.get_by_label("Canal").select_option("presencial")
    page.get_by_label("Tipo de solicitud").select_option("reclamo")
    page.get_by_label("Causal").select_option(label="127 · Desviación significativa del consumo (alto consumo)")
    # htmx asks for possible duplicates: shown, never blocking.
    page.get_by_text("Posible duplicado").wait_for()
    assert page.locator("#duplicates").get_by_text(earlier.radicado).is_visible()
    page.screenshot(path=os.path.join(output_dir, "intake-front-office-register.png"),
                    full_page=True)
    page.get_by_label("Objeto de la solicitud").fill(
        "El usuario dice que el consumo de octubre se triplicó sin razón.")
    page.get_by_label("Nota de la atención verbal").fill("Atendido en la ventanilla 2")
    page.get_by_label("El usuario autorizó el tratamiento de sus datos personales").check()
    page.get_by_role("button", name="Radicar", exact=True).click()

    page.wait_for_url("**/radicado/")
    case = Case.objects.exclude(pk=earlier.pk).get()
    assert page.locator("#radicado").inner_text() == case.radicado
    assert case.is_verbal and case.customer_id == customer.pk
    assert page.get_by_role("link", name="Constancia escrita de la solicitud verbal (PDF)").is_visible()
    page.screenshot(path=os.path.join(output_dir, "intake-front-office-verbal.png"),
                    full_page=True)
