"""Chromium: the coordinator filters the case list, selects all and shares them in turn."""

import os

import pytest

from intake.choices import CaseStatus
from intake.models import Case
from pqr_portal.roles import Role
from tests.conftest import login
from tests.factories import make_case, make_user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_filters_and_assigns_in_turn(page, live_server, output_dir):
    make_user(Role.COORDINADOR, username="coordina", first_name="Elsa", last_name="Polo")
    team = [make_user(Role.BACK_OFFICE, username=f"gestor{i}") for i in range(2)]
    cases = [make_case() for _ in range(4)]
    page.set_default_timeout(15_000)

    login(page, live_server, "coordina")
    page.goto(f"{live_server.url}/gestion/casos/?status=radicado&order=radicado")
    assert page.locator("table.cases tbody tr").count() == 4
    page.locator("#select-all").check()  # static/js/staff.js ticks every row
    assert page.locator(".case-check:checked").count() == 4
    page.get_by_label("Repartir por turno entre los gestores de back office").check()
    page.get_by_role("button", name="Asignar", exact=True).click()
    page.get_by_text("4 casos asignados.").wait_for()
    page.screenshot(path=os.path.join(output_dir, "intake-case-list-bulk-assign.png"),
                    full_page=True)

    owners = list(Case.objects.filter(pk__in=[c.pk for c in cases]).order_by("pk")
                  .values_list("assignee__username", "status"))
    assert [o for o, _ in owners] == ["gestor0", "gestor1", "gestor0", "gestor1"]
    assert {s for _, s in owners} == {CaseStatus.ASIGNADO}
    assert {u.username for u in team} == {"gestor0", "gestor1"}

    page.goto(f"{live_server.url}{cases[0].get_absolute_url()}")
    page.get_by_label("Observación").fill("Se pide la lectura de octubre")
    page.get_by_role("button", name="Pasar a «En trámite»").click()
    page.get_by_text("Estado actualizado: En trámite").wait_for()
    assert page.get_by_text("Se pide la lectura de octubre").is_visible()
    page.screenshot(path=os.path.join(output_dir, "intake-case-page.png"), full_page=True)
