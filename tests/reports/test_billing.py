"""
The cuenta de cobro of a known period at versioned unit prices, its detail,
PDF and XLSX, its reconciliation history; the staff novelties for payroll.
"""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from caserecord.services import record_history
from field_visits.models import Visit
from intake.choices import CaseKind, CaseStatus
from intake.models import Case
from pqr_portal.roles import Role
from reports.billing import (
    line_detail,
    novelty_add,
    price_set,
    prices_on,
    statement_create,
    statement_set_status,
)
from reports.periods import Period
from responses.models import AnswerKind, Notification
from tests.factories import make_case, make_user
from tests.reports.test_indicators import _letter, _visit

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
MARCH = Period(date(2025, 3, 1), date(2025, 3, 31))


def at(month, day, hour=10):
    return datetime(2025, month, day, hour, tzinfo=TZ)


@pytest.fixture(autouse=True)
def frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(at(4, 2), tick=False):
        yield


@pytest.fixture
def coord():
    return make_user(Role.COORDINADOR, username="coord-b")


@pytest.fixture
def march(coord):
    """
    Closed in March: 2 reclamos, 1 queja (and one reclamo closed in February, one
    annulled); visits: 3 executed, 1 failed; letters notified in March: 2.
    Prices: reclamo 10,000 until 28 Feb then 12,000 from 1 March; queja 8,000;
    executed visit 50,000; failed visit 20,000; letter 3,000.50.
    """
    def closed(kind, when, status=CaseStatus.CERRADO):
        case = make_case(kind=kind, filed_at=at(2, 1))
        Case.objects.filter(pk=case.pk).update(status=status, status_changed_at=when)
        return case

    cases = [closed(CaseKind.RECLAMO, at(3, 5)), closed(CaseKind.RECLAMO, at(3, 20)),
             closed(CaseKind.QUEJA, at(3, 31, 23)), closed(CaseKind.RECLAMO, at(2, 27)),
             closed(CaseKind.RECLAMO, at(3, 6), status=CaseStatus.ANULADO)]
    brig = make_user(Role.BRIGADISTA, username="brig-b")
    for status, n in ((Visit.Status.EXECUTED, 3), (Visit.Status.FAILED, 1),
                      (Visit.Status.SCHEDULED, 2)):
        for _ in range(n):
            _visit(cases[0], brig, status, 12)
    for i, day in enumerate((10, 11, 12)):
        letter = _letter(cases[i], AnswerKind.ACCEDE, day)
        Notification.objects.create(letter=letter, channel="personal", method="personal",
                                    notified_at=at(3 if i < 2 else 4, day))
    for activity, price, since in (("caso_reclamo", "10000", date(2025, 1, 1)),
                                   ("caso_reclamo", "12000", date(2025, 3, 1)),
                                   ("caso_queja", "8000", date(2025, 1, 1)),
                                   ("visita_ejecutada", "50000", date(2025, 1, 1)),
                                   ("visita_fallida", "20000", date(2025, 1, 1)),
                                   ("carta_notificada", "3000.50", date(2025, 1, 1))):
        price_set(activity=activity, price=Decimal(price), valid_from=since, actor=coord)
    return cases


def test_prices_are_versioned_by_date(march):
    assert prices_on(date(2025, 2, 28))["caso_reclamo"] == Decimal("10000")
    assert prices_on(date(2025, 3, 1))["caso_reclamo"] == Decimal("12000")
    assert prices_on(date(2024, 12, 31))["caso_reclamo"] == Decimal("0")


def test_the_cuenta_of_a_known_period_with_its_detail_pdf_and_xlsx(march, coord, client):
    statement = statement_create(period=MARCH, actor=coord)
    lines = {line["code"]: (line["quantity"], line["unit_price"], line["amount"])
             for line in statement.lines}
    assert lines == {
        "caso_reclamo": (2, "12000.00", "24000.00"),
        "caso_queja": (1, "8000.00", "8000.00"),
        "visita_ejecutada": (3, "50000.00", "150000.00"),
        "visita_fallida": (1, "20000.00", "20000.00"),
        "carta_notificada": (2, "3000.50", "6001.00"),
    }
    assert statement.total == Decimal("208001.00") and statement.status == "enviada"
    assert statement.number == "CC-2025-0001"
    header, rows = line_detail(MARCH, "caso_reclamo")
    assert header[0] == "radicado"
    assert sorted(r[0] for r in rows) == sorted([march[0].radicado, march[1].radicado])
    with statement.pdf.open("rb") as fh:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages)
    assert "CC-2025-0001" in text and "208001,00" in text and "Visita técnica fallida" in text
    client.force_login(coord)
    xlsx = client.get(reverse("reports:billing-xlsx", args=[statement.pk]))
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)), read_only=True)
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[-1][0] == "Total" and summary[-1][3] == 208001
    assert len(book.worksheets) == 6                          # the summary and one per line
    detail = client.get(reverse("reports:export"), {
        "lista": "cuenta_detalle", "formato": "csv", "actividad": "carta_notificada",
        "desde": "2025-03-01", "hasta": "2025-03-31"})
    assert b"".join(detail.streaming_content).decode("utf-8-sig").count("\r\n") == 3


def test_reconciliation_moves_with_notes_make_the_history(march, coord):
    gerente = make_user(Role.GERENTE, username="ger-b")
    statement = statement_create(period=MARCH, actor=coord)
    with pytest.raises(PermissionDenied):
        statement_set_status(statement=statement, to="observada", note="", actor=gerente)
    statement_set_status(statement=statement, to="observada", actor=coord,
                         note="La empresa objeta dos visitas fallidas.")
    statement_set_status(statement=statement, to="enviada", note="Corregida.", actor=coord)
    statement = statement_set_status(statement=statement, to="acordada", note="", actor=coord)
    with pytest.raises(ValidationError):
        statement_set_status(statement=statement, to="observada", note="", actor=coord)
    history = [(e.kind, e.data.get("to"), e.note) for e in record_history(statement)]
    assert history == [("report.billing_created", None, ""),
                       ("report.billing_status", "observada",
                        "La empresa objeta dos visitas fallidas."),
                       ("report.billing_status", "enviada", "Corregida."),
                       ("report.billing_status", "acordada", "")]


def test_staff_novelties_per_person_and_period_exported(coord, client):
    ana = make_user(Role.BACK_OFFICE, username="ana-b", first_name="Ana", last_name="Ruiz")
    novelty_add(person=ana, kind="horas_extra", day=date(2025, 3, 14), hours=Decimal("3.5"),
                note="Cierre de mes", actor=coord)
    novelty_add(person=ana, kind="ausencia", day=date(2025, 4, 1), hours=Decimal("8"), note="",
                actor=coord)
    with pytest.raises(PermissionDenied):
        novelty_add(person=ana, kind="ausencia", day=date(2025, 3, 1), hours=Decimal("8"),
                    note="", actor=ana)
    client.force_login(coord)
    response = client.get(reverse("reports:export"),
                          {"lista": "novedades", "formato": "csv", "mes": "2025-03"})
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 2
    assert lines[1] == f"{ana.pk},ana-b,Ana Ruiz,Horas extra,2025-03-14,3.50,Cierre de mes"
    page = client.post(reverse("reports:novelties"), {
        "person": ana.pk, "kind": "capacitacion", "day": "2025-03-20", "hours": "2",
        "note": "Ley 142"})
    assert page.status_code == 302 and page.url.endswith("?mes=2025-03")
