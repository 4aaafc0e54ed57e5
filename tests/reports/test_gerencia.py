"""
The gerente's page (/trabajo/gerencia/, issue 12): indicators against targets with
their traffic lights, the service plan awaiting approval, the monthly reports; no
case lists, and a cost that does not grow with the number of cases.
"""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from compliance import services as quality
from pqr_portal.roles import Role
from reports.models import IndicatorTarget, ManagementReport
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db
# A Wednesday afternoon in Bogotá, mid-month.
NOW = datetime(2026, 3, 18, 15, 0, tzinfo=ZoneInfo("America/Bogota"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def gerente(db):
    return make_user(Role.GERENTE, username="ger-g", first_name="Germán", last_name="Vargas")


def _submitted_plan(coord, start=date(2026, 4, 1)):
    plan = quality.plan_create(actor=coord, period_kind="mes", period_start=start)
    quality.plan_save(plan=plan, actor=coord, objective="Responder a tiempo", resources=[],
                      activities=[], indicators=[{
                          "code": "oportunidad", "name": "Oportunidad", "formula": "a / b",
                          "target": Decimal("97"), "unit": "%", "responsible": coord}])
    return quality.plan_submit(plan=plan, actor=coord)


def test_the_gerente_lands_on_their_page(client, gerente):
    client.force_login(gerente)
    assert client.get("/")["Location"] == reverse("work:gerente") == "/trabajo/gerencia/"


def test_the_page_shows_lights_against_targets_the_plan_to_approve_and_the_reports(
        client, gerente, frozen):
    coord = make_user(Role.COORDINADOR, username="coord-g")
    case = make_case(description="Caso que no debe aparecer en la página del gerente")
    # "sap" has target 0: none recognised this month is green; a target of 0 % for the
    # recursos rate makes it grey (no decisions: nothing to measure).
    IndicatorTarget.objects.update_or_create(code="recursos", defaults={"target": Decimal("0")})
    plan = _submitted_plan(coord)
    report = ManagementReport.objects.create(month=date(2026, 2, 1), sha256="0" * 64)
    report.pdf.save("informe.pdf", ContentFile(b"%PDF-1.4"), save=True)
    client.force_login(gerente)

    response = client.get(reverse("work:gerente"))
    assert response.status_code == 200
    html = response.content.decode()
    rows = {r["code"]: r for r in response.context["rows"]}
    assert rows["sap"]["light"] == "verde" and rows["recursos"]["light"] == "gris"
    assert 'id="ind-oportunidad"' in html and "Semáforo" in html
    lights = {lt["light"]: lt["n"] for lt in response.context["lights"]}
    assert sum(lights.values()) == len(rows) and lights["verde"] >= 1
    assert response.context["period"].start == date(2026, 3, 1)
    assert response.context["period"].end == date(2026, 3, 18)
    # The plan awaiting the gerente's decision, linked to the page where they decide it.
    assert plan.get_absolute_url() in html and "espera su aprobación" in html
    assert "apruébelo o devuélvalo" in html
    # The monthly report to download, the dashboard and the indicators of last month.
    assert reverse("reports:management-pdf", args=[report.pk]) in html
    assert reverse("reports:dashboard") in html
    assert "desde=2026-02-01&amp;hasta=2026-02-28" in html
    # The dashboard's "now": the open terms by band, each number a link to the filtered
    # case list (the case above is open and on time).
    now = response.context["now"]
    bands = {b["code"]: b["n"] for b in now["bands"]}
    assert sum(bands.values()) == 1 and 'id="now-h"' in html
    for band in now["bands"]:
        assert f'href="{band["url"]}"' in html.replace("&amp;", "&")
    assert "en riesgo de silencio positivo" in html and "abiertos sin asignar" in html
    # No case lists: nothing of the case reaches the page.
    assert case.radicado not in html and "Asignados a mí" not in html
    assert "Caso que no debe aparecer" not in html


def test_the_same_scorecard_as_the_indicators_page(client, gerente, frozen):
    client.force_login(gerente)
    mine = client.get(reverse("work:gerente")).context["rows"]
    theirs = client.get(reverse("reports:indicators")).context["rows"]
    assert [(r["code"], r["value"], r["target"], r["light"]) for r in mine] == \
        [(r["code"], r["value"], r["target"], r["light"]) for r in theirs]


def test_empty_states_say_so(client, gerente, frozen):
    client.force_login(gerente)
    html = client.get(reverse("work:gerente")).content.decode()
    assert "Ningún plan de servicio espera su aprobación." in html
    assert "Todavía no hay informes de gestión." in html


def test_the_cost_does_not_grow_with_the_cases(client, gerente, frozen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.attention import attention_refresh

    client.force_login(gerente)
    # As in production, the beat keeps the open terms' snapshot fresh: the page reads it.
    attention_refresh()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("work:gerente"))
    for _ in range(6):
        make_case()
    coord = make_user(Role.COORDINADOR, username="coord-q")
    _submitted_plan(coord)
    _submitted_plan(coord, start=date(2026, 5, 1))
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("work:gerente"))
    assert len(more) <= len(few) + 1  # the plans' list (one query whatever their number)
    # The case table is read for the month to date only (the first-contact count), never
    # without a date range (no walk over every case).
    on_cases = [q["sql"] for q in more.captured_queries if 'FROM "intake_case"' in q["sql"]]
    assert on_cases
    for sql in on_cases:
        assert '"intake_case"."filed_at" >=' in sql and '"intake_case"."filed_at" <' in sql, sql


@pytest.mark.parametrize("role", [Role.COORDINADOR, Role.BACK_OFFICE, Role.AUXILIAR])
def test_other_roles_are_refused(client, role):
    client.force_login(make_user(role, username=f"u-{role.value}"))
    assert client.get(reverse("work:gerente")).status_code == 403
