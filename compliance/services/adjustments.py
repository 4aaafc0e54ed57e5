"""Suspensions (pruebas, incompleta) and extensions of a term, and recomputing its due date."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance import policy
from compliance.clock import band_now, legal_calendar
from compliance.models import Term, TermAdjustment, TermRule
from compliance.terms import (
    BOGOTA,
    due_with_adjustments,
    end_of_day,
    extension_allowed_days,
    suspension_limits,
)
from pqr_portal.access import require

SUSPENSION_CAUSES = (TermAdjustment.Cause.PRUEBAS, TermAdjustment.Cause.INCOMPLETA)


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


def _suspension_limits(cause: str, starts_on: date) -> tuple[date, date]:
    max_days = settings.PQR_SUSPENSION_MAX_BUSINESS_DAYS[cause]
    return suspension_limits(starts_on, max_days, settings.PQR_SUSPENSION_REMINDER_DAYS,
                             legal_calendar())


def _check_letter(term: Term, now: datetime, letter_radicado: str,
                  letter_issued_at: datetime | None, field: str) -> None:
    """A communication to the petitioner: issued (outgoing radicado) before the term ran out."""
    if not letter_radicado or letter_issued_at is None:
        raise ValidationError({field: _(
            "Emita primero la comunicación al peticionario (carta con radicado de salida).")})
    if letter_issued_at > now or letter_issued_at >= term.due_at:
        raise ValidationError({field: _(
            "La comunicación al peticionario debe emitirse antes de que venza el término.")})


@transaction.atomic
def term_suspend(*, term: Term, cause: str, starts_on: date, actor, document=None,
                 document_reference: str = "", note: str = "",
                 letter_radicado: str = "",
                 letter_issued_at: datetime | None = None) -> TermAdjustment:
    """
    Stop the clock of `term` from `starts_on` (inclusive) until term_resume, or
    until the sweep ends it after PQR_SUSPENSION_MAX_BUSINESS_DAYS[cause].

    Causes: pruebas, incompleta (a prórroga is term_extend; a traslado por
    competencia is no suspension). `starts_on` is the day the decision is
    recorded: no backdating; the only move is forward, for a filing on a
    weekend or holiday, whose clock starts on the next business day.

    Under Ley 142 a suspension for pruebas protects from SAP only if the user
    was told before the term ended: the caller issues that letter first
    (responses.services.communications) and passes its outgoing radicado and
    instant; the communication date is recorded when its dispatch is
    (adjustment_communicated), never typed.

    An "incompleta" suspension should follow the requerimiento of Ley 1755
    art. 17 (within 10 days of filing, with its own one-month clock). That
    requerimiento belongs to the desistimiento tácito (issue 10, part A): when
    it exists, its service is the one that suspends with this cause.
    """
    require(policy.can_adjust_terms(actor, term))

    now = timezone.now()
    term = _locked_term(term)
    _check_adjustable(term, now)
    if cause not in SUSPENSION_CAUSES:
        raise ValidationError({"cause": _("Elija una causa de suspensión válida.")})
    if term.suspended_since is not None:
        raise ValidationError(_("El término ya está suspendido desde el %(day)s.")
                              % {"day": term.suspended_since.strftime("%d/%m/%Y")})
    today = timezone.localtime(now, BOGOTA).date()
    if starts_on > today:
        raise ValidationError({"starts_on": _("La suspensión no puede empezar en una fecha futura.")})
    # The decision's own letter dates it: a suspension may start on the day its
    # letter (with outgoing radicado) was issued, never before.
    decided_on = timezone.localtime(letter_issued_at, BOGOTA).date() if letter_issued_at \
        and letter_radicado else today
    if starts_on < min(today, decided_on):
        raise ValidationError({"starts_on": _(
            "La suspensión empieza el día en que se decide y registra: no puede ser anterior "
            "a hoy (%(today)s).") % {"today": today.strftime("%d/%m/%Y")}})
    if starts_on > term.due_date:
        raise ValidationError({"starts_on": _("La suspensión debe empezar antes de que venza el término.")})
    # Filed on a weekend or holiday: the clock only starts on the next business
    # day, so a suspension ordered before then counts from that day.
    starts_on = max(starts_on, term.starts_on)
    last_end = term.adjustments.exclude(cause=TermAdjustment.Cause.PRORROGA).order_by("-ends_on") \
        .values_list("ends_on", flat=True).first()
    if last_end is not None and starts_on <= last_end:
        raise ValidationError({"starts_on": _("La suspensión se cruza con una suspensión anterior.")})
    if cause == TermAdjustment.Cause.PRUEBAS and _sap_applies(term.case):
        _check_letter(term, now, letter_radicado, letter_issued_at, "cause")
    max_ends_on, remind_on = _suspension_limits(cause, starts_on)
    adjustment = TermAdjustment(
        term=term, cause=cause, starts_on=starts_on,
        document_reference=(letter_radicado or document_reference)[:200], note=note,
        letter_issued_at=letter_issued_at if letter_radicado else None, author=actor,
        max_ends_on=max_ends_on, remind_on=remind_on,
    )
    if document is not None:
        adjustment.document.save(document.name, document, save=False)
    adjustment.save()
    term.suspended_since = starts_on
    term.save(update_fields=["suspended_since"])
    event_record(
        case_id=term.case_id, kind="term.suspended", actor=actor, public=True,
        data={"term_id": term.pk, "adjustment_id": adjustment.pk, "cause": cause,
              "starts_on": starts_on, "max_ends_on": max_ends_on,
              "document_reference": adjustment.document_reference},
    )
    return adjustment


@transaction.atomic
def term_resume(*, term: Term, ends_on: date, actor, reason: str = "") -> Term:
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
    if adjustment.max_ends_on is not None and ends_on > adjustment.max_ends_on:
        raise ValidationError({"ends_on": _(
            "La suspensión por esta causa dura a lo sumo hasta el %(day)s.")
            % {"day": adjustment.max_ends_on.strftime("%d/%m/%Y")}})
    adjustment.ends_on = ends_on
    adjustment.save(update_fields=["ends_on"])
    term.suspended_since = None
    term.save(update_fields=["suspended_since"])
    previous = term.due_date
    term = term_due_recompute(term=term, now=now)
    event_record(
        case_id=term.case_id, kind="term.resumed", actor=actor, public=True,
        data={"term_id": term.pk, "adjustment_id": adjustment.pk, "ends_on": ends_on,
              "previous_due_date": previous, "due_date": term.due_date,
              "reason": reason},
    )
    return term


def extension_check(*, term: Term, extra_days: int, now: datetime | None = None) -> date:
    """
    Return the due date `term` would have with `extra_days` more business days,
    or raise ValidationError when the law does not allow that extension: only
    kinds whose TermRule.allows_extension (Ley 1755, Ley 1581), only before
    expiry, at most double the initial term or the rule's
    max_extension_business_days. The letter that tells the petitioner prints
    this date, so the caller asks before issuing it.
    """
    now = now or timezone.now()
    _check_adjustable(term, now)
    rule = TermRule.objects.filter(kind=term.case.kind).first()
    if rule is None or not rule.allows_extension:
        raise ValidationError({"extra_days": _(
            "Este tipo de solicitud no admite prórroga: en los trámites de la Ley 142 (art. 158) "
            "el término de 15 días hábiles solo se suspende por práctica de pruebas.")})
    if extra_days < 1:
        raise ValidationError({"extra_days": _("La prórroga debe ser de al menos un día hábil.")})
    granted = sum(term.adjustments.filter(cause=TermAdjustment.Cause.PRORROGA)
                  .values_list("extra_days", flat=True))
    left = extension_allowed_days(term.length, granted, rule.max_extension_business_days)
    if extra_days > left and rule.max_extension_business_days is not None:
        raise ValidationError({"extra_days": _(
            "La prórroga de este tipo de solicitud es de a lo sumo %(max)s días hábiles "
            "(%(basis)s): quedan %(left)s días hábiles disponibles.") % {
            "max": rule.max_extension_business_days, "basis": rule.legal_basis, "left": left}})
    if extra_days > left:
        raise ValidationError({"extra_days": _(
            "La prórroga no puede superar el doble del término inicial: quedan %(left)s días "
            "hábiles disponibles.") % {"left": left}})
    today = timezone.localtime(now, BOGOTA).date()
    history = _history(term) + [("extension", today, None, extra_days)]
    return due_with_adjustments(term.starts_on, term.length, history, legal_calendar(),
                                today=today)


@transaction.atomic
def term_extend(*, term: Term, extra_days: int, actor, reasons: str, letter_radicado: str,
                letter_issued_at: datetime, document=None) -> TermAdjustment:
    """
    Extend `term` by `extra_days` business days (Ley 1755 art. 14 parágrafo).

    Only where the term's rule allows it, before expiry, at most double the
    initial term (extension_check), with the reasons, and with the letter that
    tells the petitioner the reasons and the new date already issued before
    the term ran out (responses.services.term_extension_grant issues it). The
    date it was communicated is recorded when its dispatch is.
    """
    require(policy.can_adjust_terms(actor, term))

    now = timezone.now()
    term = _locked_term(term)
    extension_check(term=term, extra_days=extra_days, now=now)
    if not reasons.strip():
        raise ValidationError({"reasons": _("Indique los motivos de la prórroga.")})
    _check_letter(term, now, letter_radicado, letter_issued_at, "extra_days")
    adjustment = TermAdjustment(
        term=term, cause=TermAdjustment.Cause.PRORROGA,
        starts_on=timezone.localtime(now, BOGOTA).date(), extra_days=extra_days,
        document_reference=letter_radicado[:200], note=reasons, author=actor,
        letter_issued_at=letter_issued_at,
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
              "document_reference": letter_radicado},
    )
    return adjustment


@transaction.atomic
def adjustment_communicated(*, adjustment_id: int, at: datetime, channel: str) -> bool:
    """
    Record that the letter of a prórroga or suspension reached the petitioner's
    channel (the mail server accepted it, or the postal dispatch was
    registered); once. Return False when it was already recorded.
    """
    updated = TermAdjustment.objects.filter(pk=adjustment_id,
                                            communicated_to_user_at__isnull=True) \
        .update(communicated_to_user_at=at)
    if not updated:
        return False
    adjustment = TermAdjustment.objects.select_related("term").get(pk=adjustment_id)
    event_record(
        case_id=adjustment.term.case_id, kind="term.adjustment_communicated", actor=None,
        public=True, data={"term_id": adjustment.term_id, "adjustment_id": adjustment_id,
                           "cause": adjustment.cause, "channel": channel},
    )
    return True


def suspensions_expire(*, now: datetime) -> int:
    """
    End every open suspension whose last allowed day (max_ends_on) has passed:
    the clock runs again from the next day and the due date is recomputed
    (term_resume, as the system). Few rows a day: the query is indexed by the
    open suspensions only, and each term's history is needed to recompute.
    """
    today = timezone.localtime(now, BOGOTA).date()
    due = (TermAdjustment.objects.filter(ends_on__isnull=True, max_ends_on__lt=today,
                                         term__suspended_since__isnull=False)
           .exclude(cause=TermAdjustment.Cause.PRORROGA)
           .values_list("term_id", "max_ends_on"))
    ended = 0
    for term_id, max_ends_on in list(due):
        term_resume(term=Term(pk=term_id), ends_on=max_ends_on, actor=None, reason="limit")
        ended += 1
    return ended
