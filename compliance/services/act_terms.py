"""
The terms of the acts that take a case off the legal clock (docs/legal-rules.md):
the requerimiento to complete a request and the petitioner's month (Ley 1755
art. 17), the traslado por competencia (art. 21), and what a final act does to
the terms still open. A final act never cancels a term silently: it meets the
terms it answers (met_how names the act) and leaves the others running, so an
overdue one expires visibly.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance.clock import band_now, legal_calendar
from compliance.models import Term, TermAdjustment
from compliance.services.terms import nonconformity_late_record, term_meet
from compliance.terms import (
    COMPLETION_BASIS,
    REQUERIMIENTO_BASIS,
    REQUERIMIENTO_BUSINESS_DAYS,
    TRASLADO_BASIS,
    TRASLADO_BUSINESS_DAYS,
    completion_due,
    completion_extended_due,
    end_of_day,
    is_late,
    local_date,
    requerimiento_due,
    suspension_limits,
    traslado_due,
)


def response_term_of(case_id: int) -> Term | None:
    """The case's response term (the first one opened)."""
    return (Term.objects.filter(case_id=case_id, purpose=Term.Purpose.RESPUESTA)
            .order_by("pk").first())


def _counted_term(case_id: int) -> Term:
    term = response_term_of(case_id)
    if term is None or term.unit != Term.Unit.BUSINESS_DAYS:
        raise ValidationError(_("Este trámite tiene un plazo fijado por una orden: no admite "
                                "requerimiento ni traslado por competencia."))
    return term


def requerimiento_limit(*, case_id: int):
    """The last day to send the requerimiento of a case (10 business days after filing)."""
    term = _counted_term(case_id)
    return requerimiento_due(term.starts_on, legal_calendar())


def traslado_limit(*, case_id: int):
    """The last day to transfer a case to the competent entity (5 business days after filing)."""
    term = _counted_term(case_id)
    return traslado_due(term.starts_on, legal_calendar())


def _met_term(*, case_id, purpose, basis, length, source: Term, due, met_at, how) -> Term:
    due_at = end_of_day(due)
    return Term.objects.create(
        case_id=case_id, purpose=purpose, legal_basis=basis, unit=Term.Unit.BUSINESS_DAYS,
        length=length, started_at=source.started_at, starts_on=source.starts_on, due_date=due,
        due_at=due_at, met_at=met_at, met_how=how[:200], band=Term.Band.CUMPLIDO,
    )


@transaction.atomic
def requerimiento_terms_record(*, case_id: int, sent_at: datetime, communicated_at: datetime,
                               how: str) -> tuple[Term, Term]:
    """
    Record the requerimiento sent (its 10-day term, met by it) and open the
    petitioner's month to complete, counted from its communication.

    Refused after the 10 days: a late requerimiento does not stop the clock,
    the request must be decided as filed.
    """
    source = _counted_term(case_id)
    calendar = legal_calendar()
    due = requerimiento_due(source.starts_on, calendar)
    if local_date(sent_at) > due:
        raise ValidationError(_(
            "El requerimiento debía enviarse a más tardar el %(d)s (10 días hábiles después de "
            "la radicación, Ley 1755 art. 17): la solicitud se decide como fue presentada.")
            % {"d": due.strftime("%d/%m/%Y")})
    if communicated_at < sent_at:
        raise ValidationError({"communicated_at": _(
            "La comunicación no puede ser anterior al envío del requerimiento.")})
    if Term.objects.filter(case_id=case_id, purpose=Term.Purpose.COMPLETAR,
                           met_at__isnull=True, cancelled_at__isnull=True).exists():
        raise ValidationError(_("Ya hay un requerimiento pendiente de respuesta."))
    requerimiento = _met_term(case_id=case_id, purpose=Term.Purpose.REQUERIMIENTO,
                              basis=REQUERIMIENTO_BASIS, length=REQUERIMIENTO_BUSINESS_DAYS,
                              source=source, due=due, met_at=sent_at, how=how)
    month_due = completion_due(local_date(communicated_at), calendar)
    month = Term.objects.create(
        case_id=case_id, purpose=Term.Purpose.COMPLETAR, legal_basis=COMPLETION_BASIS,
        unit=Term.Unit.FIXED, length=None, started_at=communicated_at,
        starts_on=local_date(communicated_at), due_date=month_due, due_at=end_of_day(month_due),
    )
    return requerimiento, month


def completion_term(case_id: int) -> Term | None:
    """The petitioner's month to complete, the last one opened."""
    return (Term.objects.filter(case_id=case_id, purpose=Term.Purpose.COMPLETAR)
            .order_by("-pk").first())


@transaction.atomic
def completion_extend(*, case_id: int, requested_at: datetime, actor, note: str = "",
                      reference: str = "") -> tuple[Term, TermAdjustment]:
    """
    The petitioner asked, before the month ran out, for the extension of Ley
    1755 art. 17 (up to one more month): the month to complete moves to
    terms.completion_extended_due, once; the suspension of the response term
    (cause incompleta) is allowed to last until then. Returns the month and
    the adjustment that records the request. The caller checks the actor.
    """
    month = (Term.objects.select_for_update()
             .filter(case_id=case_id, purpose=Term.Purpose.COMPLETAR).order_by("-pk").first())
    if month is None or not month.is_open:
        raise ValidationError(_("No hay un requerimiento pendiente de respuesta."))
    if requested_at >= month.due_at:
        raise ValidationError({"requested_at": _(
            "La prórroga debía pedirse antes de que venciera el mes, el %(d)s: corresponde "
            "declarar el desistimiento tácito.") % {"d": month.due_date.strftime("%d/%m/%Y")}})
    if requested_at < month.started_at:
        raise ValidationError({"requested_at": _(
            "La solicitud de prórroga no puede ser anterior a la comunicación del requerimiento.")})
    if month.adjustments.filter(cause=TermAdjustment.Cause.PRORROGA_COMPLETAR).exists():
        raise ValidationError(_("El peticionario ya tuvo su prórroga: la ley la concede una vez, "
                                "hasta por un mes."))
    calendar = legal_calendar()
    new_due = completion_extended_due(month.starts_on, calendar)
    month.due_date, month.due_at = new_due, end_of_day(new_due)
    month.band = band_now(due_date=new_due, due_at=month.due_at, now=timezone.now())
    month.save(update_fields=["due_date", "due_at", "band"])
    adjustment = TermAdjustment.objects.create(
        term=month, cause=TermAdjustment.Cause.PRORROGA_COMPLETAR,
        starts_on=local_date(requested_at), ends_on=new_due, note=note,
        document_reference=reference[:200], author=actor)
    # The response term stays stopped while the petitioner completes: its incompleta
    # suspension may now last until the new date (the sweep ends it at max_ends_on).
    response = response_term_of(case_id)
    open_suspension = None if response is None else response.adjustments.filter(
        cause=TermAdjustment.Cause.INCOMPLETA, ends_on__isnull=True).first()
    if open_suspension is not None and (open_suspension.max_ends_on or new_due) <= new_due:
        days = calendar.business_days_between(open_suspension.starts_on - timedelta(days=1),
                                              new_due)
        open_suspension.max_ends_on, open_suspension.remind_on = suspension_limits(
            open_suspension.starts_on, days, settings.PQR_SUSPENSION_REMINDER_DAYS, calendar)
        open_suspension.save(update_fields=["max_ends_on", "remind_on"])
    return month, adjustment


@transaction.atomic
def traslado_term_record(*, case_id: int, at: datetime, how: str) -> Term:
    """
    Record the 5-day term of a traslado por competencia, met by the oficio to
    the competent entity. Sent after the 5 business days, the term shows late
    and records its non-conformity (desviación del tiempo) once, like any
    company term met late (services.terms.term_meet).
    """
    source = _counted_term(case_id)
    due = traslado_due(source.starts_on, legal_calendar())
    term = _met_term(case_id=case_id, purpose=Term.Purpose.TRASLADO_COMPETENCIA,
                     basis=TRASLADO_BASIS, length=TRASLADO_BUSINESS_DAYS, source=source,
                     due=due, met_at=at, how=how)
    if term_was_late(term):
        nonconformity_late_record(term=term, detected_at=at)
    return term


def term_was_late(term: Term) -> bool:
    return term.met_at is not None and is_late(term.met_at, term.due_at)


@transaction.atomic
def terms_meet_by_act(*, case_id: int, purposes, at: datetime, how: str) -> list[int]:
    """Meet the open terms of `purposes` of a case with the act `how`; return their ids."""
    met = []
    for term in Term.objects.select_for_update().filter(
            case_id=case_id, purpose__in=list(purposes), met_at__isnull=True,
            cancelled_at__isnull=True).order_by("pk"):
        if term_meet(term=term, met_at=at, how=how):
            met.append(term.pk)
    return met


@transaction.atomic
def terms_cancel_for_annulment(*, case_id: int, when: datetime) -> list[int]:
    """
    Cancel the open terms of an annulled registration that are still running;
    return their ids (the annulment event lists them). A term already past due
    is never cancelled: it stays and expires visibly, like an overdue SAP
    recognition.
    """
    ids = list(Term.objects.filter(case_id=case_id, met_at__isnull=True,
                                   cancelled_at__isnull=True, due_at__gt=when)
               .values_list("pk", flat=True))
    Term.objects.filter(pk__in=ids).update(cancelled_at=when)
    return ids
