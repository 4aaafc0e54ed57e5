"""
Each indicator on a known data set, against numbers worked out by hand.

The rows are arranged directly (as factories do): the services that would
produce them are tested in their own apps; here only the arithmetic counts.
"""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from compliance.models import Term
from field_visits.models import RevisionOrder, Visit
from intake.choices import Channel
from intake.models import Attachment, Case
from pqr_portal.roles import Role
from reports.indicators import BY_CODE, light, scorecard, values_for
from reports.models import IndicatorTarget
from reports.periods import Period
from reports.services import targets_save
from responses.models import AnswerKind, IssuedLetter, Recurso, Response, SspdRemission
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))


def at(day: int, hour: int = 10, month: int = 3) -> datetime:
    return datetime(2025, month, day, hour, tzinfo=TZ)


def _answer(case, *, met_day: int, month: int = 3):
    """The case's response term counted from Monday 3 March, due 24 March, met on `met_day`."""
    Term.objects.filter(pk=case.response_term_id).update(
        starts_on=date(2025, 3, 3), due_date=date(2025, 3, 24), due_at=at(24, 23),
        met_at=at(met_day, month=month), band=Term.Band.CUMPLIDO)


def _letter(case, kind, day, month=3, n=[0]):  # noqa: B006 - a counter for unique numbers
    n[0] += 1
    response = Response.objects.create(case=case, answer_kind=kind)
    attachment = Attachment.objects.create(case=case, kind="respuesta", file="x.pdf",
                                           original_name="x.pdf", content_type="application/pdf",
                                           size=1, sha256="0" * 64)
    return IssuedLetter.objects.create(response=response, case=case, outgoing_radicado=f"S-{n[0]}",
                                       issued_at=at(day, month=month), answer_kind=kind, addressee="U",
                                       attachment=attachment, sha256="0" * 64)


def _visit(case, brigadista, status, day, n=[0]):  # noqa: B006
    n[0] += 1
    order = RevisionOrder.objects.create(number=f"OR-{n[0]}", case=case, reason="alto_consumo",
                                         address="Calle 1")
    return Visit.objects.create(order=order, brigadista=brigadista, planned_date=date(2025, 3, day),
                                window_start=time(8), window_end=time(10), status=status)


@pytest.fixture
def march():
    """
    Answers (response terms counted from 3 March, due 24 March; 24 March 2025 is
    a holiday, San José): met on 5, 10 and 14 March (2, 5 and 9 business days, on
    time) and on 28 March (18 business days, late); one met in April (outside).
    Letters: 2 accede, 1 accede parcialmente, 2 no accede (5 decisions), 1 recurso.
    SSPD: 4 appeals decided in March, 1 revoked. Visits: 6 executed, 2 failed, 2 still
    scheduled (10 programmed), 1 rescheduled (history). Verbal cases: 4, of which
    3 solved at first contact. No satisfaction surveys.
    """
    cases = [make_case(filed_at=at(3, 9)) for _ in range(5)]
    for case, day in zip(cases, (5, 10, 14, 28), strict=False):
        _answer(case, met_day=day)
    _answer(cases[4], met_day=2, month=4)
    letters = [_letter(cases[i], kind, 20) for i, kind in enumerate(
        [AnswerKind.ACCEDE, AnswerKind.ACCEDE, AnswerKind.ACCEDE_PARCIALMENTE,
         AnswerKind.NO_ACCEDE, AnswerKind.NO_ACCEDE])]
    _letter(cases[0], AnswerKind.NO_ACCEDE, 2, month=4)  # April: outside the period
    # Four appeals reached the SSPD; one recurso was filed in March, three in February.
    for i, decision in enumerate((AnswerKind.REVOCA, AnswerKind.CONFIRMA, AnswerKind.CONFIRMA,
                                  AnswerKind.CONFIRMA)):
        filed = at(25) if i == 0 else at(20, month=2)
        recurso = Recurso.objects.create(case=make_case(filed_at=filed), kind="recurso_reposicion_apelacion",
                                         decision_letter=letters[3], filed_at=filed, in_window=True)
        SspdRemission.objects.create(recurso=recurso, sspd_decision=decision,
                                     sspd_decided_at=date(2025, 3, 26))
    brig = make_user(Role.BRIGADISTA, username="brig-i")
    for status, count in ((Visit.Status.EXECUTED, 6), (Visit.Status.FAILED, 2),
                          (Visit.Status.SCHEDULED, 2), (Visit.Status.RESCHEDULED, 1)):
        for _ in range(count):
            _visit(cases[0], brig, status, 12)
    verbal = [make_case(channel=Channel.PRESENCIAL, filed_at=at(7)) for _ in range(4)]
    Case.objects.filter(pk__in=[c.pk for c in verbal[:3]]).update(first_contact_answer="Listo.")


def test_each_indicator_equals_its_hand_computed_value(march):
    values = values_for(MARCH)
    assert values == {
        "oportunidad": Decimal("75.0"),       # 3 of 4 on time
        "dias_promedio": Decimal("8.5"),      # (2 + 5 + 9 + 18) / 4
        "dias_p90": Decimal("18"),            # nearest rank 0.9 x 4 = 3.6 -> 4th of 2, 5, 9, 18
        "sap": Decimal("0"),
        "favorables": Decimal("60.0"),        # (2 + 1) / 5
        "recursos": Decimal("20.0"),          # 1 / 5
        "revocatorias": Decimal("25.0"),      # 1 / 4
        "visitas_ejecutadas": Decimal("60.0"),  # 6 / (6 + 2 + 2)
        "visitas_fallidas": Decimal("25.0"),  # 2 / (6 + 2)
        "primer_contacto": Decimal("75.0"),   # 3 / 4
        "satisfaccion": None,
    }


def test_the_indicators_of_a_rolled_up_month_are_those_computed_live(march):
    """Settled months read the answer and first-contact inputs from the roll-up."""
    import time_machine

    from reports.models import CaseMonthCount
    from reports.rollup import rollup_month

    with time_machine.travel(datetime(2025, 5, 10, 10, tzinfo=TZ), tick=False):
        live = values_for(MARCH)
        edges = Period(date(2025, 3, 10), date(2025, 4, 1))
        edge_live = values_for(edges)
        rollup_month(date(2025, 3, 1))
        rollup_month(date(2025, 4, 1))
        assert values_for(edges) == edge_live  # partial months: their days, rolled up
        # Take the live rows away: the values must now come from the roll-up alone.
        Term.objects.filter(met_at__isnull=False).update(met_at=None)
        Case.objects.update(first_contact_answer="")
        rolled = values_for(MARCH)
        assert CaseMonthCount.objects.filter(month=date(2025, 3, 1), dimension="answer").count()
        # 10 March-1 April: the days of March and April from the daily roll-up (the live
        # rows are gone): the answers met on 10, 14 (on time) and 28 March (late), not the
        # one of 5 March; the four verbal cases were filed on 7 March, outside the period.
        edge = values_for(edges)
    assert rolled == live
    assert (edge["oportunidad"], edge["dias_promedio"], edge["primer_contacto"]) == (
        Decimal("66.7"), Decimal("10.7"), None)           # 2 of 3; (5 + 9 + 18) / 3


def test_traffic_lights_against_default_and_edited_targets(march):
    coord = make_user(Role.COORDINADOR, username="coord-i")
    rows = {r["code"]: r for r in scorecard(MARCH)}
    assert rows["oportunidad"]["target"] == Decimal("95") and rows["oportunidad"]["light"] == "rojo"
    assert rows["favorables"]["light"] == "verde"          # 60 >= 30
    assert rows["satisfaccion"]["light"] == "gris"
    assert targets_save(values={"oportunidad": Decimal("80")}, actor=coord) == ["oportunidad"]
    assert IndicatorTarget.objects.get(code="oportunidad").target == Decimal("80")
    assert {r["code"]: r for r in scorecard(MARCH)}["oportunidad"]["light"] == "amarillo"  # 75 >= 72


def test_light_for_lower_is_better():
    days = BY_CODE["dias_promedio"]
    assert light(days, Decimal("10"), Decimal("10")) == "verde"
    assert light(days, Decimal("10.9"), Decimal("10")) == "amarillo"
    assert light(days, Decimal("11.5"), Decimal("10")) == "rojo"


def test_indicator_page_shows_values_targets_and_definitions(client, march):
    client.force_login(make_user(Role.GERENTE, username="ger-i"))
    html = client.get("/reportes/indicadores/", {"desde": "2025-03-01",
                                                 "hasta": "2025-03-31"}).content.decode()
    assert "Oportunidad de la respuesta" in html and "75 %" in html
    assert "Respuestas notificadas dentro del término" in html
    assert "No cumple la meta" in html
    assert client.get("/reportes/indicadores/metas/").status_code == 403


def test_the_coordinator_edits_a_target(client):
    client.force_login(make_user(Role.COORDINADOR, username="coord-t"))
    form = client.get("/reportes/indicadores/metas/").context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data["recursos"] = "12"
    response = client.post("/reportes/indicadores/metas/", data)
    assert response.status_code == 302
    assert IndicatorTarget.objects.get(code="recursos").target == Decimal("12")
    assert IndicatorTarget.objects.count() == 1
