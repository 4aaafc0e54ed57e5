"""
The petitioner's prórroga of the month to complete (Ley 1755 art. 17): asked
before the month runs out, up to one more month, once; the desistimiento
tácito waits for the new date, and the response term stays suspended.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from compliance.clock import legal_calendar
from compliance.models import Term, TermAdjustment
from compliance.services import suspensions_expire
from compliance.terms import completion_due, completion_extended_due
from intake.choices import CaseKind
from responses import services
from tests.responses.test_acts import _requerido, bogota, filed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("communicated", "first", "extended"), [
    # 11 Nov: the month ends Fri 11 Dec; one more ends on Reyes (Mon 11 Jan 2027, Emiliani).
    (date(2026, 11, 11), date(2026, 12, 11), date(2027, 1, 12)),
    # 8 Nov: 8 Dec is a holiday (first month to the 9th); two months end Fri 8 Jan 2027.
    (date(2026, 11, 8), date(2026, 12, 9), date(2027, 1, 8)),
    # 2 Feb 2026: two months end Thu 2 April, Holy Thursday: Monday 6 April.
    (date(2026, 2, 2), date(2026, 3, 2), date(2026, 4, 6)),
])
def test_the_extended_month_around_holidays(communicated, first, extended):
    assert completion_due(communicated, legal_calendar()) == first
    assert completion_extended_due(communicated, legal_calendar()) == extended


def test_prorroga_moves_the_month_once_and_the_tacito_waits(back_office, coordinador):
    case, _letter = _requerido(back_office)
    with time_machine.travel(bogota(2026, 12, 4), tick=False):
        month = services.completion_extension_record(
            case=case, actor=back_office, requested_at=bogota(2026, 12, 3, 15),
            note="Pidió más tiempo para conseguir la factura")
        assert month.due_date == date(2027, 1, 8) and month.is_open
        adjustment = month.adjustments.get()
        assert adjustment.cause == TermAdjustment.Cause.PRORROGA_COMPLETAR
        assert (adjustment.starts_on, adjustment.ends_on) == (date(2026, 12, 3), date(2027, 1, 8))
        event = case.events.get(kind="act.completion_extended")
        assert event.actor_id == back_office.pk and event.public
        assert "08/01/2027" in event.summary and "09/12/2026" in event.summary
        # Once.
        with pytest.raises(ValidationError, match="una vez"):
            services.completion_extension_record(case=case, actor=back_office,
                                                 requested_at=bogota(2026, 12, 4, 9))
    # The response term stays stopped until the new date (the sweep does not end it early).
    response = case.terms.get(purpose=Term.Purpose.RESPUESTA)
    suspension = response.adjustments.get(cause=TermAdjustment.Cause.INCOMPLETA)
    assert suspension.max_ends_on == date(2027, 1, 8)
    assert suspension.remind_on < suspension.max_ends_on
    with time_machine.travel(bogota(2026, 12, 28), tick=False):
        assert suspensions_expire(now=bogota(2026, 12, 28)) == 0
    response.refresh_from_db()
    assert response.suspended_since is not None
    # The desistimiento tácito waits for the new date.
    with time_machine.travel(bogota(2026, 12, 10, 8), tick=False):
        with pytest.raises(ValidationError, match="08/01/2027"):
            services.desistimiento_tacito_draft(case=case, actor=back_office, reasons="x")
    with time_machine.travel(bogota(2027, 1, 9, 8), tick=False):
        act = services.desistimiento_tacito_draft(case=case, actor=back_office,
                                                  reasons="No aportó la factura.")
    assert "prorrogado a solicitud suya" in act.body_html and "08/01/2027" in act.body_html


def test_prorroga_asked_after_the_month_is_refused(back_office):
    case, _letter = _requerido(back_office)
    with time_machine.travel(bogota(2026, 12, 11), tick=False):
        with pytest.raises(ValidationError) as exc:
            services.completion_extension_record(case=case, actor=back_office,
                                                 requested_at=bogota(2026, 12, 10, 0, 0))
    assert "requested_at" in exc.value.message_dict
    month = case.terms.get(purpose=Term.Purpose.COMPLETAR)
    assert month.due_date == date(2026, 12, 9) and not month.adjustments.exists()


def test_no_prorroga_without_a_requerimiento(back_office):
    case = filed(bogota(2026, 10, 27), back_office, kind=CaseKind.PETICION)
    with time_machine.travel(bogota(2026, 11, 9), tick=False):
        with pytest.raises(ValidationError):
            services.completion_extension_record(case=case, actor=back_office,
                                                 requested_at=bogota(2026, 11, 9, 8))


def test_the_case_page_offers_the_prorroga_once(client, back_office):
    case, _letter = _requerido(back_office)
    client.force_login(back_office)
    url = reverse("responses:act-completion-extension", args=[case.pk])
    with time_machine.travel(bogota(2026, 12, 4), tick=False):
        assert url in client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
        bad = client.post(url, {"requested_at": "2026-12-10T09:00"})
        assert bad.status_code == 400
        done = client.post(url, {"requested_at": "2026-12-03T15:00", "note": "Por escrito"})
        assert done.status_code == 302
        assert url not in client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    assert case.terms.get(purpose=Term.Purpose.COMPLETAR).due_date == date(2027, 1, 8)
