"""
The tutela compliance term is the ruling's own term, typed from the ruling
(hours, business or calendar days) and counted from its notification; it
alerts and runs out into a non-conformity like any company term.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from caserecord.models import Event
from compliance.clock import legal_calendar
from compliance.models import Alert, NonConformity, Term
from compliance.sweep import terms_sweep
from compliance.terms import end_of_day, ruling_compliance_due
from intake.choices import CaseKind, Channel
from responses import services
from tests.factories import make_case
from tests.responses.conftest import bogota

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("notified", "amount", "unit", "due_date"), [
    # Mon 7 Dec 2026; the 8th is a holiday: 3 business days are the 9th, 10th and 11th.
    (bogota(2026, 12, 7, 10), 3, "business_days", date(2026, 12, 11)),
    # Thu 3 Dec + 5 calendar days = Tue 8 Dec (holiday): the next business day.
    (bogota(2026, 12, 3, 10), 5, "calendar_days", date(2026, 12, 9)),
    # Holy Week 2026: Thu 2 and Fri 3 April are holidays.
    (bogota(2026, 3, 30, 9), 3, "business_days", date(2026, 4, 6)),
    # Reyes moved to Monday 11 January 2027 (Emiliani).
    (bogota(2027, 1, 8, 15), 1, "business_days", date(2027, 1, 12)),
    (bogota(2027, 1, 8, 15), 3, "calendar_days", date(2027, 1, 12)),
])
def test_ruling_term_in_days_around_holidays(notified, amount, unit, due_date):
    due_at, due = ruling_compliance_due(notified, amount, unit, legal_calendar())
    assert due == due_date and due_at == end_of_day(due_date)


def test_ruling_term_in_hours_runs_from_the_instant_through_holidays():
    notified = bogota(2026, 12, 7, 16, 30)  # the 8th is a holiday: hours do not stop
    due_at, due = ruling_compliance_due(notified, 48, "hours")
    assert due_at == bogota(2026, 12, 9, 16, 30) and due == date(2026, 12, 9)
    with pytest.raises(ValueError):
        ruling_compliance_due(notified, 0, "hours")
    with pytest.raises(ValueError):
        ruling_compliance_due(notified, 2, "weeks")


def _tutela(actor, assignee=None):
    case = make_case(actor=actor, kind=CaseKind.TUTELA, channel=Channel.JUZGADO,
                     causal_code=None, hand_deadline_at=bogota(2026, 12, 3, 17),
                     assignee=assignee)
    return case, services.tutela_record_order(case=case, actor=actor, court="Juzgado 1 Civil",
                                              order_summary="Responder en 48 horas")


def test_concede_needs_the_typed_term_and_opens_it_from_notification(back_office):
    with time_machine.travel(bogota(2026, 12, 7, 11), tick=False):
        case, record = _tutela(back_office)
        with pytest.raises(ValidationError) as exc:
            services.tutela_record_ruling(record=record, actor=back_office, ruling="concede",
                                          summary="Ordena revisar",
                                          notified_at=bogota(2026, 12, 7, 10))
        assert "term_amount" in exc.value.message_dict
        record.refresh_from_db()
        assert record.compliance_term_id is None and record.ruling == ""
        record = services.tutela_record_ruling(
            record=record, actor=back_office, ruling="concede", summary="Ordena revisar",
            notified_at=bogota(2026, 12, 7, 10), term_amount=3, term_unit="business_days")
    term = record.compliance_term
    assert term.purpose == Term.Purpose.CUMPLIMIENTO_FALLO
    assert (term.unit, term.length) == (Term.Unit.BUSINESS_DAYS, 3)
    assert term.started_at == bogota(2026, 12, 7, 10) and term.due_date == date(2026, 12, 11)
    event = Event.objects.filter(case=case, kind="tutela.ruling").get()
    assert event.data["term_amount"] == 3 and event.data["term_unit"] == "business_days"
    assert "3 días hábiles" in event.summary and "11/12/2026" in event.summary


def test_a_ruling_that_denies_opens_no_term(back_office):
    with time_machine.travel(bogota(2026, 12, 7, 11), tick=False):
        _case, record = _tutela(back_office)
        record = services.tutela_record_ruling(record=record, actor=back_office, ruling="niega",
                                               summary="Niega", notified_at=bogota(2026, 12, 7, 9))
    assert record.compliance_term_id is None


def test_the_ruling_term_alerts_and_runs_out_into_one_non_conformity(back_office):
    with time_machine.travel(bogota(2026, 12, 4, 9), tick=False):
        case, record = _tutela(back_office, assignee=back_office)
        record = services.tutela_record_ruling(
            record=record, actor=back_office, ruling="concede", summary="Ordena reconectar",
            notified_at=bogota(2026, 12, 4, 8), term_amount=5, term_unit="calendar_days")
    term = record.compliance_term
    assert term.due_date == date(2026, 12, 9)  # the 9th is the 5th day; the 8th a holiday
    for now in (bogota(2026, 12, 9, 8), bogota(2026, 12, 10, 0, 1), bogota(2026, 12, 11, 9)):
        with time_machine.travel(now, tick=False):
            terms_sweep(now=now)
    assert Alert.objects.filter(term=term, recipient=back_office).exists()
    ncs = NonConformity.objects.filter(term=term)
    assert ncs.count() == 1 and ncs.get().case_id == case.pk
    assert "09/12/2026" in ncs.get().description


def test_compliance_recorded_after_the_ruling_term_is_late(back_office):
    with time_machine.travel(bogota(2026, 12, 7, 11), tick=False):
        _case, record = _tutela(back_office)
        record = services.tutela_record_ruling(
            record=record, actor=back_office, ruling="concede", summary="Ordena",
            notified_at=bogota(2026, 12, 7, 10), term_amount=24, term_unit="hours")
    assert record.compliance_term.due_at == bogota(2026, 12, 8, 10)
    with time_machine.travel(bogota(2026, 12, 8, 11), tick=False):
        services.tutela_record_compliance(record=record, actor=back_office,
                                          at=bogota(2026, 12, 8, 10, 30), note="Reconectado")
    assert NonConformity.objects.filter(term=record.compliance_term).count() == 1


def test_the_tutela_page_takes_the_ruling_term(client, back_office):
    with time_machine.travel(bogota(2026, 12, 7, 11), tick=False):
        case, record = _tutela(back_office)
        client.force_login(back_office)
        url = reverse("responses:tutela", args=[case.pk])
        refused = client.post(url, {"action": "ruling", "ruling": "concede", "summary": "S",
                                    "notified_at": "2026-12-07T10:00"}, follow=True)
        assert "Escriba el plazo que el fallo da para cumplir" in refused.content.decode()
        done = client.post(url, {"action": "ruling", "ruling": "concede", "summary": "S",
                                 "notified_at": "2026-12-07T10:00", "term_amount": "10",
                                 "term_unit": "business_days"})
        assert done.status_code == 302
        record.refresh_from_db()
        # 10 business days after Mon 7 Dec 2026 (the 8th a holiday): Tue 22 Dec.
        assert record.compliance_term.due_date == date(2026, 12, 22)
        page = client.get(url).content.decode()
    assert "22/12/2026" in page and "10 días hábiles desde la notificación del fallo" in page
