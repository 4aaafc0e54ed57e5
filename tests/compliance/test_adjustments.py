"""Suspensions, extensions and meeting the response term (compliance.services)."""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from caserecord.models import Event as CaseEvent
from compliance.models import Term, TermAdjustment
from compliance.services import (
    response_term_met_by,
    term_extend,
    term_open,
    term_resume,
    term_suspend,
)
from compliance.terms import BOGOTA
from pqr_portal.roles import Role
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=9, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=BOGOTA)


FILED = at(2026, 9, 1, 10)  # reclamo, due 22 Sep


@pytest.fixture
def gestor(db):
    return make_user(Role.BACK_OFFICE, username="gestor-adj")


def new_case(kind="reclamo"):
    with time_machine.travel(FILED, tick=False):
        return make_case(filed_at=FILED, kind=kind)


def test_suspension_gives_back_the_stopped_business_days(gestor):
    case = new_case()
    with time_machine.travel(at(2026, 9, 10), tick=False):
        adj = term_suspend(term=case.response_term, cause="pruebas",
                           starts_on=at(2026, 9, 10).date(), actor=gestor,
                           letter_radicado="S-2026-000055", letter_issued_at=at(2026, 9, 10, 8),
                           document=SimpleUploadedFile("orden.pdf", b"%PDF-1.4 prueba"),
                           document_reference="Orden de revisión 55")
    term = Term.objects.get(pk=case.response_term_id)
    assert term.suspended_since.isoformat() == "2026-09-10"
    assert adj.document.name.endswith(".pdf") and adj.author == gestor
    with time_machine.travel(at(2026, 9, 15, 16), tick=False):
        term = term_resume(term=term, ends_on=at(2026, 9, 15).date(), actor=gestor)
    # 10, 11, 14 and 15 Sep stood still: due moves from 22 to 28 Sep.
    assert term.due_date.isoformat() == "2026-09-28"
    assert term.due_at == datetime(2026, 9, 29, 0, 0, tzinfo=BOGOTA)
    assert term.suspended_since is None and term.band == "al_dia"
    kinds = list(CaseEvent.objects.filter(case=case, kind__startswith="term.")
                 .values_list("kind", flat=True))
    assert kinds == ["term.suspended", "term.resumed"]


def test_pruebas_under_ley_142_must_be_communicated_before_the_term_ends(gestor):
    case = new_case()
    with time_machine.travel(at(2026, 9, 10), tick=False):
        with pytest.raises(ValidationError, match="Emita primero la comunicación"):
            term_suspend(term=case.response_term, cause="pruebas",
                         starts_on=at(2026, 9, 10).date(), actor=gestor,
                         document_reference="typed, not a letter")
        # A letter "issued" after the instant it is recorded is refused (no typed dates).
        with pytest.raises(ValidationError, match="antes de que venza"):
            term_suspend(term=case.response_term, cause="pruebas",
                         starts_on=at(2026, 9, 10).date(), actor=gestor,
                         letter_radicado="S-1", letter_issued_at=at(2026, 9, 10, 10))
    # A consulta (Ley 1755, no SAP) does not require it.
    consulta = new_case("consulta")
    with time_machine.travel(at(2026, 9, 10), tick=False):
        term_suspend(term=consulta.response_term, cause="pruebas",
                     starts_on=at(2026, 9, 10).date(), actor=gestor)


def test_suspension_refused_on_expired_met_or_already_suspended_terms(gestor):
    case = new_case()
    with time_machine.travel(at(2026, 9, 23), tick=False):
        with pytest.raises(ValidationError, match="venció"):
            term_suspend(term=case.response_term, cause="incompleta",
                         starts_on=at(2026, 9, 22).date(), actor=gestor)
    with time_machine.travel(at(2026, 9, 10), tick=False):
        term_suspend(term=case.response_term, cause="incompleta",
                     starts_on=at(2026, 9, 10).date(), actor=gestor)
        with pytest.raises(ValidationError, match="ya está suspendido"):
            term_suspend(term=case.response_term, cause="incompleta",
                         starts_on=at(2026, 9, 10).date(), actor=gestor)
        with pytest.raises(ValidationError):
            term_suspend(term=case.response_term, cause="prorroga",
                         starts_on=at(2026, 9, 10).date(), actor=gestor)
    other = new_case()
    response_term_met_by(case_id=other.pk, event="dispatch", at=at(2026, 9, 5))
    with time_machine.travel(at(2026, 9, 10), tick=False):
        with pytest.raises(ValidationError, match="cumplió"):
            term_suspend(term=other.response_term, cause="incompleta",
                         starts_on=at(2026, 9, 10).date(), actor=gestor)
        with pytest.raises(ValidationError, match="no está suspendido"):
            term_resume(term=other.response_term, ends_on=at(2026, 9, 10).date(), actor=gestor)


def test_traslado_is_no_suspension_cause(gestor):
    case = new_case()
    with time_machine.travel(at(2026, 9, 10), tick=False):
        with pytest.raises(ValidationError) as err:
            term_suspend(term=case.response_term, cause="traslado",
                         starts_on=at(2026, 9, 10).date(), actor=gestor)
    assert "cause" in err.value.message_dict
    assert "traslado" not in TermAdjustment.Cause.values


def test_suspension_dates_are_checked(gestor):
    case = new_case()
    with time_machine.travel(at(2026, 9, 10), tick=False):
        with pytest.raises(ValidationError) as err:
            term_suspend(term=case.response_term, cause="incompleta",
                         starts_on=at(2026, 9, 11).date(), actor=gestor)
        assert "starts_on" in err.value.message_dict
        # No backdating: the suspension starts the day it is decided and recorded.
        with pytest.raises(ValidationError, match="no puede ser anterior a hoy"):
            term_suspend(term=case.response_term, cause="incompleta",
                         starts_on=at(2026, 9, 8).date(), actor=gestor)
        term_suspend(term=case.response_term, cause="incompleta",
                     starts_on=at(2026, 9, 10).date(), actor=gestor)
        with pytest.raises(ValidationError):
            term_resume(term=case.response_term, ends_on=at(2026, 9, 9).date(), actor=gestor)
        with pytest.raises(ValidationError):
            term_resume(term=case.response_term, ends_on=at(2026, 9, 11).date(), actor=gestor)


def extend(term, days, gestor, issued=None, radicado="S-2026-000001"):
    return term_extend(term=term, extra_days=days, actor=gestor, reasons="Volumen de documentos",
                       letter_radicado=radicado, letter_issued_at=issued or timezone.now())


def test_extension_at_most_double_and_never_after_expiry(gestor):
    case = new_case("consulta")  # 30 business days (12 Oct skipped)
    term = case.response_term
    assert term.due_date.isoformat() == "2026-10-14"
    with time_machine.travel(at(2026, 9, 10), tick=False):
        adj = extend(term, 10, gestor)
        assert adj.cause == TermAdjustment.Cause.PRORROGA
        assert adj.letter_issued_at == at(2026, 9, 10) and adj.communicated_to_user_at is None
        with pytest.raises(ValidationError, match="doble"):
            extend(term, 21, gestor)
        extend(term, 20, gestor)
        with pytest.raises(ValidationError, match="doble"):
            extend(term, 1, gestor)
    term.refresh_from_db()
    # 60 business days from 1 Sep 2026 (12 Oct and 2 and 16 Nov skipped).
    assert term.due_date.isoformat() == "2026-11-27"
    assert CaseEvent.objects.filter(case=case, kind="term.extended").count() == 2
    late = new_case("consulta")
    with time_machine.travel(at(2026, 10, 15), tick=False):
        with pytest.raises(ValidationError, match="venció"):
            extend(late.response_term, 5, gestor)


def test_a_reclamo_cannot_be_extended(gestor):
    """Ley 142 art. 158: reclamo filed 1 Sep 2026 is due 22 Sep, and stays so."""
    for kind in ("reclamo", "peticion", "queja", "recurso_reposicion"):
        case = new_case(kind)
        assert case.response_term.due_date.isoformat() == "2026-09-22"
        with time_machine.travel(at(2026, 9, 10), tick=False):
            with pytest.raises(ValidationError, match="no admite prórroga"):
                extend(case.response_term, 15, gestor)
        assert Term.objects.get(pk=case.response_term_id).due_date.isoformat() == "2026-09-22"
    assert not TermAdjustment.objects.exists()


def test_extension_needs_its_letter_issued_before_expiry(gestor):
    case = new_case("peticion_documentos")  # 10 business days: due 15 Sep 2026
    term = case.response_term
    assert term.due_date.isoformat() == "2026-09-15"
    with time_machine.travel(at(2026, 9, 15, 16), tick=False):
        with pytest.raises(ValidationError, match="Emita primero"):
            term_extend(term=term, extra_days=5, actor=gestor, reasons="x",
                        letter_radicado="", letter_issued_at=None)
        with pytest.raises(ValidationError, match="motivos"):
            term_extend(term=term, extra_days=5, actor=gestor, reasons=" ",
                        letter_radicado="S-1", letter_issued_at=timezone.now())
        adj = extend(term, 5, gestor)
    # 16, 17, 18, 21, 22 Sep: the new due date.
    assert Term.objects.get(pk=term.pk).due_date.isoformat() == "2026-09-22"
    assert adj.document_reference == "S-2026-000001"


def test_order_deadlines_are_not_adjusted(gestor):
    case = new_case()
    tutela = term_open(case_id=case.pk, purpose=Term.Purpose.CUMPLIMIENTO_FALLO,
                       started_at=at(2026, 9, 2), hours=48)
    with time_machine.travel(at(2026, 9, 3), tick=False):
        with pytest.raises(ValidationError, match="Solo el término de respuesta"):
            extend(tutela, 1, gestor)
    with time_machine.travel(FILED, tick=False):
        order = make_case(filed_at=FILED, kind="tutela", channel="juzgado",
                          hand_deadline_at=at(2026, 9, 3, 17))
    assert order.response_term.unit == Term.Unit.FIXED
    with time_machine.travel(at(2026, 9, 2), tick=False):
        with pytest.raises(ValidationError, match="días hábiles"):
            term_suspend(term=order.response_term, cause="incompleta",
                         starts_on=at(2026, 9, 2).date(), actor=gestor)


def test_response_term_met_by_follows_the_setting(settings):
    case = new_case()
    assert response_term_met_by(case_id=case.pk, event="notification", at=at(2026, 9, 5)) is False
    assert Term.objects.get(pk=case.response_term_id).met_at is None
    assert response_term_met_by(case_id=case.pk, event="dispatch", at=at(2026, 9, 5)) is True
    term = Term.objects.get(pk=case.response_term_id)
    assert term.band == "cumplido" and term.met_at == at(2026, 9, 5)
    assert response_term_met_by(case_id=case.pk, event="dispatch", at=at(2026, 9, 6)) is False

    settings.PQR_TERM_MET_AT = "notification"
    other = new_case()
    assert response_term_met_by(case_id=other.pk, event="dispatch", at=at(2026, 9, 5)) is False
    assert response_term_met_by(case_id=other.pk, event="notification", at=at(2026, 9, 8)) is True
    with pytest.raises(ValueError):
        response_term_met_by(case_id=other.pk, event="whatever", at=at(2026, 9, 8))


def test_suspension_on_the_weekend_of_a_weekend_filing_counts_from_the_first_business_day(back_office):
    """Filed Saturday 5 Dec 2026, suspended the same Saturday: the clock starts Monday 7."""
    from datetime import date as _date
    from datetime import datetime as _dt
    from zoneinfo import ZoneInfo

    import time_machine

    from compliance.services import term_suspend
    from tests.factories import make_case

    saturday = _dt(2026, 12, 5, 10, 0, tzinfo=ZoneInfo("America/Bogota"))
    with time_machine.travel(saturday, tick=False):
        case = make_case(filed_at=saturday)
        term = case.response_term
        assert term.starts_on == _date(2026, 12, 7)
        adjustment = term_suspend(term=term, cause="pruebas", starts_on=_date(2026, 12, 5),
                                  actor=back_office, document_reference="OR-1",
                                  letter_radicado="S-2026-000009", letter_issued_at=saturday)
    assert adjustment.starts_on == _date(2026, 12, 7)


def test_adopted_closure_recomputes_with_each_terms_history(gestor):
    from compliance.services import closure_delete, closure_save

    extended, plain = new_case("peticion_documentos"), new_case("peticion_documentos")
    with time_machine.travel(at(2026, 9, 2), tick=False):
        extend(extended.response_term, 5, gestor)
        assert Term.objects.get(pk=extended.response_term_id).due_date.isoformat() == "2026-09-22"
        closure = closure_save(closure=None, day=at(2026, 9, 15).date(), name="Inventario",
                               formally_adopted=True, document_reference="Resolución 7")
        due = dict(Term.objects.filter(case__in=[extended, plain]).values_list("case_id", "due_date"))
        assert due[extended.pk].isoformat() == "2026-09-23"  # the prórroga is kept
        assert due[plain.pk].isoformat() == "2026-09-16"
        closure_delete(closure=closure)
        due = dict(Term.objects.filter(case__in=[extended, plain]).values_list("case_id", "due_date"))
        assert due[extended.pk].isoformat() == "2026-09-22"
        assert due[plain.pk].isoformat() == "2026-09-15"


def test_closure_recompute_does_not_query_per_term(gestor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from compliance.services import closure_save

    new_case()
    with time_machine.travel(at(2026, 9, 2), tick=False), \
            CaptureQueriesContext(connection) as one:
        closure_save(closure=None, day=at(2026, 9, 15).date(), name="Inventario",
                     formally_adopted=True, document_reference="Resolución 7")
    for _ in range(6):
        new_case()
    with time_machine.travel(at(2026, 9, 2), tick=False), \
            CaptureQueriesContext(connection) as seven:
        closure_save(closure=None, day=at(2026, 9, 16).date(), name="Inventario 2",
                     formally_adopted=True, document_reference="Resolución 8")
    assert len(seven) == len(one)


def test_a_suspension_has_a_limit_a_reminder_and_ends_by_itself(gestor, settings):
    """
    Pruebas from Thu 10 Sep 2026, at most 30 business days: Mon 12 Oct (Día de la
    Raza, Emiliani) does not count, so the last day is Thu 22 Oct; reminded from
    Mon 19 Oct; the sweep ends it on Fri 23 Oct and the term runs again.
    """
    from compliance.models import Alert
    from compliance.sweep import terms_sweep

    case = new_case()
    case.assignee = gestor
    case.save(update_fields=["assignee"])
    with time_machine.travel(at(2026, 9, 10, 9), tick=False):
        adj = term_suspend(term=case.response_term, cause="pruebas",
                           starts_on=at(2026, 9, 10).date(), actor=gestor,
                           letter_radicado="S-2026-000100", letter_issued_at=at(2026, 9, 10, 8))
    assert (adj.max_ends_on.isoformat(), adj.remind_on.isoformat()) == ("2026-10-22", "2026-10-19")
    with time_machine.travel(at(2026, 10, 16, 9), tick=False):
        terms_sweep(now=at(2026, 10, 16, 9))
        assert not Alert.objects.filter(reason=Alert.Reason.SUSPENSION_ENDING).exists()
    with time_machine.travel(at(2026, 10, 19, 9), tick=False):
        terms_sweep(now=at(2026, 10, 19, 9))
        terms_sweep(now=at(2026, 10, 19, 10))
    reminders = Alert.objects.filter(reason=Alert.Reason.SUSPENSION_ENDING)
    assert [(a.recipient_id, a.term_id) for a in reminders] == [(gestor.pk, case.response_term_id)]
    with time_machine.travel(at(2026, 10, 23, 0, 30), tick=False):
        with pytest.raises(ValidationError, match="a lo sumo"):
            # Not beyond its limit by hand either.
            term_resume(term=case.response_term, ends_on=at(2026, 10, 23).date(), actor=gestor)
        result = terms_sweep(now=at(2026, 10, 23, 0, 30))
    assert result["suspensions_ended"] == 1
    term = Term.objects.get(pk=case.response_term_id)
    adj.refresh_from_db()
    assert term.suspended_since is None and adj.ends_on.isoformat() == "2026-10-22"
    # 10 Sep - 22 Oct stood still (30 business days): 22 Sep + 30 business days.
    assert term.due_date.isoformat() == "2026-11-05"
    ev = CaseEvent.objects.filter(case=case, kind="term.resumed").get()
    assert ev.data["reason"] == "limit"
