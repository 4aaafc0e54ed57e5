"""Tutelas (order, answer, ruling, compliance in the ruling's term) and SAP recognitions (72 hours)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance import services as compliance_services
from intake.choices import CaseKind
from intake.models import Case
from pqr_portal.access import require
from responses import policy
from responses.models import (
    SapRecognition,
    TutelaRecord,
)


@transaction.atomic
def tutela_record_order(*, case: Case, actor, court: str, order_summary: str,
                        deadline_at: datetime | None = None) -> TutelaRecord:
    require(policy.can_manage_legal(actor))
    if case.kind != CaseKind.TUTELA:
        raise ValidationError(_("El caso no es una tutela."))
    deadline_at = deadline_at or case.hand_deadline_at
    if deadline_at is None:
        raise ValidationError({"deadline_at": _("Indique el plazo exacto de la orden.")})
    record, _created = TutelaRecord.objects.update_or_create(
        case=case, defaults={"court": court, "order_summary": order_summary,
                             "deadline_at": deadline_at})
    event_record(case=case, kind="tutela.order", actor=actor,
                 data={"court": court, "deadline_at": deadline_at})
    return record


@transaction.atomic
def tutela_record_answer_filed(*, record: TutelaRecord, actor, at: datetime) -> TutelaRecord:
    require(policy.can_manage_legal(actor))
    record = TutelaRecord.objects.select_for_update().get(pk=record.pk)
    record.answer_filed_at = at
    record.save(update_fields=["answer_filed_at"])
    if record.case.response_term_id:
        compliance_services.term_meet(term=record.case.response_term, met_at=at,
                                      how=_("Contestación radicada en el juzgado"))
    event_record(case=record.case, kind="tutela.answered", actor=actor, data={"at": at})
    return record


@transaction.atomic
def tutela_record_ruling(*, record: TutelaRecord, actor, ruling: str, summary: str,
                         notified_at: datetime, term_amount: int | None = None,
                         term_unit: str = "") -> TutelaRecord:
    """
    Record the ruling. A ruling against the company opens its compliance term
    as typed from the ruling (`term_amount` hours, business or calendar days),
    counted from `notified_at` (compliance.services.tutela_compliance_term_open).
    """
    require(policy.can_manage_legal(actor))
    if notified_at > timezone.now():
        raise ValidationError({"notified_at": _("La notificación del fallo no puede ser futura.")})
    record = TutelaRecord.objects.select_for_update().get(pk=record.pk)
    term_data = {}
    if ruling == TutelaRecord.Ruling.CONCEDE and record.compliance_term_id is None:
        if not term_amount or term_amount < 1:
            raise ValidationError({"term_amount": _(
                "Escriba el plazo que el fallo da para cumplir (número de horas o días).")})
        if term_unit not in TutelaRecord.TermUnit.values:
            raise ValidationError({"term_unit": _(
                "Indique si el plazo del fallo está en horas, días hábiles o días calendario.")})
        record.compliance_term = compliance_services.tutela_compliance_term_open(
            case_id=record.case_id, notified_at=notified_at, amount=term_amount, unit=term_unit)
        term_data = {"term_amount": term_amount, "term_unit": term_unit,
                     "due_at": record.compliance_term.due_at,
                     "due_date": record.compliance_term.due_date}
    record.ruling = ruling
    record.ruling_summary = summary
    record.ruling_notified_at = notified_at
    record.save()
    event_record(case=record.case, kind="tutela.ruling", actor=actor,
                 data={"ruling": ruling, "notified_at": notified_at, **term_data})
    return record


@transaction.atomic
def tutela_record_compliance(*, record: TutelaRecord, actor, at: datetime,
                             note: str) -> TutelaRecord:
    require(policy.can_manage_legal(actor))
    record = TutelaRecord.objects.select_for_update().get(pk=record.pk)
    record.complied_at = at
    record.compliance_note = note
    record.save(update_fields=["complied_at", "compliance_note"])
    if record.compliance_term is not None:
        compliance_services.term_meet(term=record.compliance_term, met_at=at,
                                      how=_("Fallo cumplido"))
    event_record(case=record.case, kind="tutela.complied", actor=actor, data={"at": at})
    return record


# --- SAP ------------------------------------------------------------------------

@transaction.atomic
def sap_open(*, case: Case, actor, at: datetime | None = None) -> SapRecognition:
    """
    Open the 72-hour recognition of a SAP; its term is compliance's (the one
    the sweep already opened when the response term ran out, or a new one by
    the same rule).
    """
    require(policy.can_manage_legal(actor))
    at = at or timezone.now()
    open_rec = SapRecognition.objects.filter(case=case, outcome="").first()
    if open_rec is not None:
        return open_rec
    term = compliance_services.sap_recognition_term_open(
        case_id=case.pk, response_term=case.response_term if case.response_term_id else None,
        at=at)
    rec = SapRecognition.objects.create(case=case, term=term, opened_at=at)
    event_record(case=case, kind="sap.opened", actor=actor,
                 data={"recognition_id": rec.pk, "due_at": term.due_at})
    return rec


@transaction.atomic
def sap_record_outcome(*, recognition: SapRecognition, actor, outcome: str, note: str,
                       at: datetime | None = None) -> SapRecognition:
    require(policy.can_manage_legal(actor))
    at = at or timezone.now()
    rec = SapRecognition.objects.select_for_update().get(pk=recognition.pk)
    if rec.outcome:
        raise ValidationError(_("El resultado ya fue registrado."))
    if not note.strip():
        raise ValidationError({"outcome_note": _("Describa el resultado y su soporte.")})
    rec.outcome, rec.outcome_note, rec.outcome_at, rec.recorded_by = outcome, note, at, actor
    rec.save()
    if rec.term is not None:
        compliance_services.term_meet(term=rec.term, met_at=at, how=rec.get_outcome_display())
    event_record(case=rec.case, kind="sap.outcome", actor=actor,
                 data={"recognition_id": rec.pk, "outcome": outcome})
    return rec
