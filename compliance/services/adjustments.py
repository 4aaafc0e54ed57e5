"""Suspensions (pruebas, incompleta) and extensions of a term, and recomputing its due date."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance import policy
from compliance.clock import band_now, legal_calendar
from compliance.models import Term, TermAdjustment, TermRule
from compliance.terms import BOGOTA, due_with_adjustments, end_of_day
from pqr_portal.access import require


def _locked_term(term: Term) -> Term:
    return Term.objects.select_for_update().select_related("case").get(pk=term.pk)


def _check_adjustable(term: Term, now: datetime) -> None:
    if term.met_at is not None:
        raise ValidationError(_("El término ya se cumplió: no admite suspensiones ni prórrogas."))
    if term.cancelled_at is not None:
        raise ValidationError(_("El término está cancelado."))
    if term.suspended_since is None and term.due_at <= now:
        raise ValidationError(_("El término ya venció: no admite suspensiones ni prórrogas."))
    if term.purpose != Term.Purpose.RESPUESTA:
        raise ValidationError(_("Solo el término de respuesta admite suspensiones y prórrogas."))
    if term.unit != Term.Unit.BUSINESS_DAYS:
        raise ValidationError(_("Solo los términos contados en días hábiles admiten suspensiones y "
                                "prórrogas; el plazo de una orden no se modifica aquí."))


def _history(term: Term, adjustments=None) -> list[tuple[str, date, date | None, int]]:
    """
    Return the adjustments of `term` in the form terms.due_with_adjustments
    expects. `adjustments`, when given, are the term's rows already loaded.
    """
    first_counted = term.starts_on + timedelta(days=1)
    if adjustments is None:
        adjustments = term.adjustments.all()
    out = []
    for adj in sorted(adjustments, key=lambda a: (a.starts_on, a.pk)):
        if adj.cause == TermAdjustment.Cause.PRORROGA:
            out.append(("extension", adj.starts_on, adj.ends_on, adj.extra_days))
        else:
            # The day the term starts from never counts, so it is never given back either.
            out.append(("suspension", max(adj.starts_on, first_counted), adj.ends_on, 0))
    return out


def _due_recalculate(term: Term, now: datetime, adjustments=None) -> None:
    """Set due date, due instant and (unless suspended) band of `term` in memory."""
    today = timezone.localtime(now, BOGOTA).date()
    due = due_with_adjustments(term.starts_on, term.length, _history(term, adjustments),
                               legal_calendar(), today=today)
    term.due_date, term.due_at = due, end_of_day(due)
    if term.suspended_since is None:
        term.band = band_now(due_date=term.due_date, due_at=term.due_at, now=now)


def term_due_recompute(*, term: Term, now: datetime) -> Term:
    """Recompute due date, due instant and band of `term` from its rule and full history."""
    _due_recalculate(term, now)
    fields = ["due_date", "due_at"] if term.suspended_since else ["due_date", "due_at", "band"]
    term.save(update_fields=fields)
    return term


def _sap_applies(case) -> bool:
    return TermRule.objects.filter(kind=case.kind, sap_applies=True).exists()


@transaction.atomic
def term_suspend(*, term: Term, cause: str, starts_on: date, actor, document=None,
                 document_reference: str = "", note: str = "",
                 communicated_to_user_at: datetime | None = None) -> TermAdjustment:
    """
    Stop the clock of `term` from `starts_on` (inclusive) until term_resume.

    Causes: pruebas, incompleta, traslado (a prórroga is term_extend). Under
    Ley 142, a suspension for pruebas protects from SAP only if the user was
    told before the term ended, so the communication date is required then.
    """
    require(policy.can_adjust_terms(actor, term))

    now = timezone.now()
    term = _locked_term(term)
    _check_adjustable(term, now)
    if cause not in TermAdjustment.Cause.values or cause == TermAdjustment.Cause.PRORROGA:
        raise ValidationError({"cause": _("Elija una causa de suspensión válida.")})
    if term.suspended_since is not None:
        raise ValidationError(_("El término ya está suspendido desde el %(day)s.")
                              % {"day": term.suspended_since.strftime("%d/%m/%Y")})
    today = timezone.localtime(now, BOGOTA).date()
    if starts_on > today:
        raise ValidationError({"starts_on": _("La suspensión no puede empezar en una fecha futura.")})
    if starts_on > term.due_date:
        raise ValidationError({"starts_on": _("La suspensión debe empezar antes de que venza el término.")})
    if starts_on < timezone.localtime(term.started_at, BOGOTA).date():
        raise ValidationError({"starts_on": _("La suspensión no puede empezar antes de la radicación.")})
    # Filed on a weekend or holiday: the clock only starts on the next business
    # day, so a suspension ordered before then counts from that day.
    starts_on = max(starts_on, term.starts_on)
    last_end = term.adjustments.exclude(cause=TermAdjustment.Cause.PRORROGA).order_by("-ends_on")         .values_list("ends_on", flat=True).first()
    if last_end is not None and starts_on <= last_end:
        raise ValidationError({"starts_on": _("La suspensión se cruza con una suspensión anterior.")})
    if cause == TermAdjustment.Cause.PRUEBAS and _sap_applies(term.case):
        if communicated_to_user_at is None:
            raise ValidationError({"communicated_to_user_at": _(
                "La práctica de pruebas debe comunicarse al usuario antes de que venza el término "
                "(Ley 142): indique cuándo se le comunicó.")})
        if communicated_to_user_at > term.due_at or communicated_to_user_at > now:
            raise ValidationError({"communicated_to_user_at": _(
                "La comunicación al usuario debe ser anterior al vencimiento del término y no "
                "puede ser futura.")})
    adjustment = TermAdjustment(
        term=term, cause=cause, starts_on=starts_on, document_reference=document_reference[:200],
        note=note, communicated_to_user_at=communicated_to_user_at, author=actor,
    )
    if document is not None:
        adjustment.document.save(document.name, document, save=False)
    adjustment.save()
    term.suspended_since = starts_on
    term.save(update_fields=["suspended_since"])
    event_record(
        case_id=term.case_id, kind="term.suspended", actor=actor, public=True,
        data={"term_id": term.pk, "adjustment_id": adjustment.pk, "cause": cause,
              "starts_on": starts_on, "document_reference": document_reference},
    )
    return adjustment


@transaction.atomic
def term_resume(*, term: Term, ends_on: date, actor) -> Term:
    """
    Close the open suspension of `term` on `ends_on` (the last day the clock
    stood still) and recompute its due date from the full history.
    """
    require(policy.can_adjust_terms(actor, term))

    now = timezone.now()
    term = _locked_term(term)
    adjustment = term.adjustments.filter(ends_on__isnull=True).exclude(
        cause=TermAdjustment.Cause.PRORROGA).first()
    if term.suspended_since is None or adjustment is None:
        raise ValidationError(_("El término no está suspendido."))
    if ends_on < adjustment.starts_on:
        raise ValidationError({"ends_on": _("La reanudación no puede ser anterior al inicio de la "
                                            "suspensión.")})
    if ends_on > timezone.localtime(now, BOGOTA).date():
        raise ValidationError({"ends_on": _("La suspensión no puede cerrarse en una fecha futura.")})
    adjustment.ends_on = ends_on
    adjustment.save(update_fields=["ends_on"])
    term.suspended_since = None
    term.save(update_fields=["suspended_since"])
    previous = term.due_date
    term = term_due_recompute(term=term, now=now)
    event_record(
        case_id=term.case_id, kind="term.resumed", actor=actor, public=True,
        data={"term_id": term.pk, "adjustment_id": adjustment.pk, "ends_on": ends_on,
              "previous_due_date": previous, "due_date": term.due_date},
    )
    return term


@transaction.atomic
def term_extend(*, term: Term, extra_days: int, actor, document=None,
                document_reference: str = "", note: str = "") -> TermAdjustment:
    """
    Extend `term` by `extra_days` business days (Ley 1755 art. 14 parágrafo).

    Refused after expiry, and when all extensions together would exceed the
    original term (the total may be at most double).
    """
    require(policy.can_adjust_terms(actor, term))

    now = timezone.now()
    term = _locked_term(term)
    _check_adjustable(term, now)
    if extra_days < 1:
        raise ValidationError({"extra_days": _("La prórroga debe ser de al menos un día hábil.")})
    granted = sum(term.adjustments.filter(cause=TermAdjustment.Cause.PRORROGA)
                  .values_list("extra_days", flat=True))
    if granted + extra_days > (term.length or 0):
        raise ValidationError({"extra_days": _(
            "La prórroga no puede superar el doble del término inicial: quedan %(left)s días "
            "hábiles disponibles.") % {"left": max(0, (term.length or 0) - granted)}})
    adjustment = TermAdjustment(
        term=term, cause=TermAdjustment.Cause.PRORROGA,
        starts_on=timezone.localtime(now, BOGOTA).date(), extra_days=extra_days,
        document_reference=document_reference[:200], note=note, author=actor,
        communicated_to_user_at=now,
    )
    if document is not None:
        adjustment.document.save(document.name, document, save=False)
    adjustment.save()
    previous = term.due_date
    term = term_due_recompute(term=term, now=now)
    event_record(
        case_id=term.case_id, kind="term.extended", actor=actor, public=True,
        data={"term_id": term.pk, "adjustment_id": adjustment.pk, "extra_days": extra_days,
              "previous_due_date": previous, "due_date": term.due_date,
              "document_reference": document_reference},
    )
    return adjustment
