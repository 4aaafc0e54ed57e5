"""
Treating a non-conformity (CPAI-001, Act): opening by hand or automatically,
root-cause analysis, verification of effectiveness and closure. Its statuses
follow a declared table; every change is an event of the non-conformity
(caserecord.services.event_record with record=nc), also on the case timeline
when a case is concerned.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from caserecord.transitions import TransitionTable
from compliance import policy
from compliance.models import CorrectiveAction, NonConformity, Training
from pqr_portal.access import require, roles_for
from pqr_portal.roles import Role

_S = NonConformity.Status
_COORD = {Role.COORDINADOR}
_TREATERS = {Role.COORDINADOR, Role.BACK_OFFICE, Role.FRONT_OFFICE, Role.SYSTEM}
NONCONFORMITY_TABLE = TransitionTable("compliance.nonconformity", {
    (_S.ABIERTA, _S.EN_TRATAMIENTO): _TREATERS,
    (_S.EN_TRATAMIENTO, _S.EN_VERIFICACION): _TREATERS,
    (_S.EN_VERIFICACION, _S.EN_TRATAMIENTO): _COORD,  # treatment found ineffective
    (_S.EN_VERIFICACION, _S.CERRADA): _COORD,
    (_S.ABIERTA, _S.ANULADA): _COORD,
    (_S.EN_TRATAMIENTO, _S.ANULADA): _COORD,
})


def _locked(nc: NonConformity) -> NonConformity:
    return NonConformity.objects.select_for_update().get(pk=nc.pk)


def _event(nc: NonConformity, kind: str, actor, data: dict | None = None, note: str = ""):
    return event_record(kind=kind, record=nc, case_id=nc.case_id, actor=actor, note=note,
                        data=data or {})


@transaction.atomic
def nonconformity_open(*, actor, kind: str, origin: str, description: str,
                       severity: str = NonConformity.Severity.MAYOR, case_id: int | None = None,
                       visit_id: int | None = None, person=None, responsible=None,
                       due_date: date | None = None, inspection_answer=None,
                       check_repetition: bool = True) -> NonConformity:
    """
    Record a non-conformity. By hand (actor: a coordinator or gestor) for audits,
    complaints and the rest; automatically (actor None) for a failed critical
    QHSE item. Late answers are recorded by compliance.services.terms and the sweep.
    """
    if actor is not None:
        require(policy.can_open_nonconformity(actor))
    if not (description or "").strip():
        raise ValidationError({"description": _("Describa la no conformidad.")})
    nc = NonConformity.objects.create(
        kind=kind, origin=origin, severity=severity, description=description.strip(),
        case_id=case_id, visit_id=visit_id, person=person, responsible=responsible,
        due_date=due_date, inspection_answer=inspection_answer, created_by=actor,
        detected_at=timezone.now())
    _event(nc, "nonconformity.opened", actor, {
        "kind": kind, "origin": origin, "severity": severity,
        "responsible_id": responsible.pk if responsible else None})
    if check_repetition:
        from compliance.services.repetition import repetitions_check

        repetitions_check(day=timezone.localdate())
    return nc


@transaction.atomic
def nonconformity_analyse(*, nonconformity: NonConformity, actor, method: str,
                          whys: list[str] | None = None, root_cause: str = "",
                          responsible=None, due_date: date | None = None,
                          severity: str | None = None) -> NonConformity:
    """
    Record the root-cause analysis (five whys or free text), the responsible
    person and the due date of the treatment. An open non-conformity goes into
    treatment.
    """
    nc = _locked(nonconformity)
    require(policy.can_treat_nonconformity(actor, nc))
    if nc.status not in (_S.ABIERTA, _S.EN_TRATAMIENTO):
        raise ValidationError(_("Solo se analiza una no conformidad abierta o en tratamiento."))
    whys = [w.strip() for w in (whys or []) if w and w.strip()]
    errors = {}
    if method == NonConformity.Method.CINCO_PORQUES and not whys:
        errors["why_1"] = _("Responda al menos el primer porqué.")
    if not root_cause.strip():
        errors["root_cause"] = _("Escriba la causa raíz encontrada.")
    if errors:
        raise ValidationError(errors)
    nc.analysis_method, nc.whys, nc.root_cause = method, whys, root_cause.strip()
    nc.responsible = responsible or nc.responsible
    nc.due_date = due_date or nc.due_date
    nc.severity = severity or nc.severity
    nc.save(update_fields=["analysis_method", "whys", "root_cause", "responsible", "due_date",
                           "severity"])
    _event(nc, "nonconformity.analysed", actor, {
        "method": method, "responsible_id": nc.responsible_id,
        "due_date": nc.due_date.isoformat() if nc.due_date else None, "severity": nc.severity})
    if nc.status == _S.ABIERTA:
        _move(nc, _S.EN_TRATAMIENTO, actor)
    return nc


def closure_blockers(nc: NonConformity) -> list[str]:
    """Why the non-conformity cannot be closed yet (empty when it can)."""
    reasons = []
    if nc.actions.filter(status__in=[CorrectiveAction.Status.PENDIENTE,
                                     CorrectiveAction.Status.EN_CURSO]).exists():
        reasons.append(_("Hay acciones correctivas sin terminar."))
    if nc.trainings.filter(status=Training.Status.PENDIENTE).exists():
        reasons.append(_("Hay reentrenamientos pendientes."))
    if nc.verification_result != NonConformity.Result.EFICAZ:
        reasons.append(_("Falta verificar la eficacia de las acciones."))
    return reasons


def _move(nc: NonConformity, status: str, actor, note: str = "") -> NonConformity:
    previous, nc.status = nc.status, status
    fields = ["status"]
    if status == _S.CERRADA:
        nc.closed_at, nc.closed_by = timezone.now(), actor
        fields += ["closed_at", "closed_by"]
    nc.save(update_fields=fields)
    _event(nc, "nonconformity.status_changed", actor, {"from": previous, "to": status}, note)
    return nc


@transaction.atomic
def nonconformity_set_status(*, nonconformity: NonConformity, status: str, actor,
                             note: str = "") -> NonConformity:
    """Move a non-conformity along its table, with the checks of each step."""
    nc = _locked(nonconformity)
    wrong = _("La no conformidad no puede pasar de «%(from)s» a «%(to)s».") % {
        "from": nc.get_status_display(), "to": _S(status).label}
    if status in (_S.CERRADA, _S.ANULADA) or (nc.status, status) == (_S.EN_VERIFICACION,
                                                                      _S.EN_TRATAMIENTO):
        require(policy.can_close_nonconformity(actor, nc))
    else:
        require(policy.can_treat_nonconformity(actor, nc))
    NONCONFORMITY_TABLE.require(nc.status, status, roles_for(actor), wrong)
    if status == _S.EN_VERIFICACION:
        if not nc.root_cause:
            raise ValidationError(_("Registre primero el análisis de causa raíz."))
        if not nc.actions.exclude(status=CorrectiveAction.Status.CANCELADA).exists():
            raise ValidationError(_("Agregue al menos una acción correctiva."))
        if nc.actions.filter(status__in=[CorrectiveAction.Status.PENDIENTE,
                                         CorrectiveAction.Status.EN_CURSO]).exists():
            raise ValidationError(_("Hay acciones correctivas sin terminar."))
    if status == _S.CERRADA:
        blockers = closure_blockers(nc)
        if blockers:
            raise ValidationError(blockers)
    if status == _S.ANULADA and not note.strip():
        raise ValidationError({"note": _("Explique por qué se anula.")})
    if status == _S.EN_TRATAMIENTO and nc.status == _S.EN_VERIFICACION:
        nc.verification_result = ""
        nc.save(update_fields=["verification_result"])
    return _move(nc, status, actor, note)


@transaction.atomic
def nonconformity_verify(*, nonconformity: NonConformity, actor, verified_on: date,
                         result: str, note: str = "") -> NonConformity:
    """
    Record the verification of effectiveness (date, result, who). Not effective:
    the non-conformity goes back to treatment for new actions.
    """
    nc = _locked(nonconformity)
    require(policy.can_close_nonconformity(actor, nc))
    if nc.status != _S.EN_VERIFICACION:
        raise ValidationError(_("Solo se verifica una no conformidad en verificación de eficacia."))
    if verified_on > timezone.localdate():
        raise ValidationError({"verified_on": _("La fecha de verificación no puede ser futura.")})
    if result == NonConformity.Result.NO_EFICAZ and not note.strip():
        raise ValidationError({"note": _("Explique por qué las acciones no fueron eficaces.")})
    nc.verified_on, nc.verification_result = verified_on, result
    nc.verification_note, nc.verified_by = note.strip(), actor
    nc.save(update_fields=["verified_on", "verification_result", "verification_note",
                           "verified_by"])
    _event(nc, "nonconformity.verified", actor,
           {"result": result, "verified_on": verified_on.isoformat()}, note)
    if result == NonConformity.Result.NO_EFICAZ:
        _move(nc, _S.EN_TRATAMIENTO, actor)
    return nc
