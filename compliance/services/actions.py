"""
Corrective actions and retraining of a non-conformity, and the reminders to
their owners. Each change is an event of the non-conformity it belongs to (a
training without one is its own record).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.files import safe_filename, validate_upload
from caserecord.outbox import email_enqueue
from caserecord.services import event_record
from caserecord.transitions import TransitionTable
from compliance import policy
from compliance.models import CorrectiveAction, NonConformity, Training
from pqr_portal.access import require, roles_for
from pqr_portal.roles import STAFF, Role

_A, _T = CorrectiveAction.Status, Training.Status
_COORD = {Role.COORDINADOR}
ACTION_TABLE = TransitionTable("compliance.correctiveaction", {
    (_A.PENDIENTE, _A.EN_CURSO): STAFF,  # the owner (policy.can_work_action) or the coordinator
    (_A.PENDIENTE, _A.HECHA): STAFF,
    (_A.EN_CURSO, _A.HECHA): STAFF,
    (_A.PENDIENTE, _A.CANCELADA): _COORD,
    (_A.EN_CURSO, _A.CANCELADA): _COORD,
    (_A.HECHA, _A.EN_CURSO): _COORD,  # evidence not enough: reopened
})
TRAINING_TABLE = TransitionTable("compliance.training", {
    (_T.PENDIENTE, _T.REALIZADA): _COORD,
    (_T.PENDIENTE, _T.CANCELADA): _COORD,
})
WORKING = (NonConformity.Status.ABIERTA, NonConformity.Status.EN_TRATAMIENTO)


def _store(field, uploaded) -> None:
    """Validate an uploaded evidence file by its content and store it under a safe name."""
    mime, _digest = validate_upload(uploaded)
    field.save(safe_filename(uploaded.name, mime), uploaded, save=False)


def _nc_event(nc, kind, actor, data, note=""):
    event_record(kind=kind, record=nc, case_id=nc.case_id, actor=actor, data=data, note=note)


@transaction.atomic
def action_add(*, nonconformity: NonConformity, actor, description: str, owner,
               due_date: date) -> CorrectiveAction:
    nc = NonConformity.objects.select_for_update().get(pk=nonconformity.pk)
    require(policy.can_treat_nonconformity(actor, nc))
    if nc.status not in WORKING:
        raise ValidationError(_("Solo se agregan acciones a una no conformidad abierta o en "
                                "tratamiento."))
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("La fecha límite no puede estar en el pasado.")})
    action = CorrectiveAction.objects.create(nonconformity=nc, description=description.strip(),
                                             owner=owner, due_date=due_date, created_by=actor)
    _nc_event(nc, "action.added", actor, {"action_id": action.pk, "owner_id": owner.pk,
                                          "owner": owner.get_full_name() or owner.username,
                                          "due_date": due_date.isoformat()})
    return action


@transaction.atomic
def action_set_status(*, action: CorrectiveAction, status: str, actor, note: str = "",
                      evidence=None) -> CorrectiveAction:
    """Start, finish (with what was done and optional evidence file), cancel or reopen."""
    action = CorrectiveAction.objects.select_for_update().select_related("nonconformity") \
        .get(pk=action.pk)
    require(policy.can_work_action(actor, action))
    wrong = _("La acción no puede pasar de «%(from)s» a «%(to)s».") % {
        "from": action.get_status_display(), "to": _A(status).label}
    ACTION_TABLE.require(action.status, status, roles_for(actor), wrong)
    if action.nonconformity.status not in WORKING:
        raise ValidationError(_("La no conformidad ya no está en tratamiento."))
    if status == _A.HECHA:
        if not note.strip():
            raise ValidationError({"note": _("Describa lo que se hizo (la evidencia).")})
        if evidence:
            _store(action.evidence, evidence)
        action.evidence_note, action.done_at = note.strip(), timezone.now()
    elif status == _A.CANCELADA and not note.strip():
        raise ValidationError({"note": _("Explique por qué se cancela la acción.")})
    previous, action.status = action.status, status
    action.save()
    _nc_event(action.nonconformity, "action.status_changed", actor,
              {"action_id": action.pk, "from": previous, "to": status,
               "evidence": action.evidence.name or ""}, note)
    return action


@transaction.atomic
def training_schedule(*, actor, person, topic: str, planned_on: date, duration_hours: Decimal,
                      trainer: str, nonconformity: NonConformity | None = None) -> Training:
    """Schedule a (re)training; linked to a non-conformity, it must be done before closure."""
    require(policy.can_manage_trainings(actor))
    if nonconformity is not None and nonconformity.status not in WORKING:
        raise ValidationError(_("Solo se programa reentrenamiento para una no conformidad "
                                "abierta o en tratamiento."))
    training = Training.objects.create(person=person, topic=topic.strip(), planned_on=planned_on,
                                       duration_hours=duration_hours, trainer=trainer.strip(),
                                       nonconformity=nonconformity, created_by=actor)
    data = {"training_id": training.pk, "person": person.get_full_name() or person.username,
            "topic": training.topic, "planned_on": planned_on.isoformat()}
    if nonconformity is not None:
        _nc_event(nonconformity, "training.scheduled", actor, data)
    else:
        event_record(kind="training.scheduled", record=training, actor=actor, data=data)
    return training


@transaction.atomic
def training_set_status(*, training: Training, status: str, actor, held_on: date | None = None,
                        evidence=None, note: str = "") -> Training:
    """Record a training done (date held, attendance evidence) or cancel it."""
    training = Training.objects.select_for_update().get(pk=training.pk)
    require(policy.can_manage_trainings(actor))
    wrong = _("La capacitación no puede pasar de «%(from)s» a «%(to)s».") % {
        "from": training.get_status_display(), "to": _T(status).label}
    TRAINING_TABLE.require(training.status, status, roles_for(actor), wrong)
    if status == _T.REALIZADA:
        errors = {}
        if held_on is None:
            errors["held_on"] = _("Indique la fecha en que se realizó.")
        elif held_on > timezone.localdate():
            errors["held_on"] = _("La fecha no puede ser futura.")
        if not evidence and not training.evidence:
            errors["evidence"] = _("Adjunte la lista de asistencia o el soporte.")
        if errors:
            raise ValidationError(errors)
        if evidence:
            _store(training.evidence, evidence)
        training.held_on = held_on
    elif not note.strip():
        raise ValidationError({"note": _("Explique por qué se cancela.")})
    previous, training.status = training.status, status
    training.note = note.strip() or training.note
    training.save()
    data = {"training_id": training.pk, "from": previous, "to": status, "topic": training.topic}
    if training.nonconformity_id:
        _nc_event(training.nonconformity, "training.status_changed", actor, data, note)
    else:
        event_record(kind="training.status_changed", record=training, actor=actor, data=data,
                     note=note)
    return training


# --- what is due, for pages and reminders --------------------------------------------------

def overdue_nonconformities(today: date):
    """Open non-conformities past their treatment due date (or PQR_NC_DEFAULT_DAYS old)."""
    default_days = getattr(settings, "PQR_NC_DEFAULT_DAYS", 30)
    old = timezone.make_aware(datetime.combine(today - timedelta(days=default_days),
                                               datetime.min.time()))
    return NonConformity.objects.exclude(status__in=[NonConformity.Status.CERRADA,
                                                     NonConformity.Status.ANULADA]).filter(
        Q(due_date__lt=today) | Q(due_date__isnull=True, detected_at__lt=old))


def overdue_actions(today: date):
    return CorrectiveAction.objects.filter(status__in=[_A.PENDIENTE, _A.EN_CURSO],
                                           due_date__lt=today)


def reminders_send(*, today: date | None = None) -> int:
    """
    E-mail each owner of overdue actions and each responsible of an overdue
    non-conformity once a day (the outbox dedupes by person and day).
    """
    today = today or timezone.localdate()
    pending: dict[int, list[str]] = {}
    people = {}
    for action in overdue_actions(today).select_related("owner", "nonconformity"):
        people[action.owner_id] = action.owner
        pending.setdefault(action.owner_id, []).append(
            _("Acción de %(nc)s vencida el %(due)s: %(what)s") % {
                "nc": action.nonconformity.code, "due": action.due_date.strftime("%d/%m/%Y"),
                "what": action.description[:120]})
    for nc in overdue_nonconformities(today).filter(responsible__isnull=False) \
            .select_related("responsible"):
        people[nc.responsible_id] = nc.responsible
        pending.setdefault(nc.responsible_id, []).append(
            _("%(nc)s sin cerrar: %(what)s") % {"nc": nc.code, "what": nc.description[:120]})
    sent = 0
    for person_id, lines in pending.items():
        person = people[person_id]
        if not person.email:
            continue
        body = _("Tiene tareas de calidad vencidas:\n\n%(lines)s\n\nIngrese a «Mis acciones» "
                 "para tratarlas.") % {"lines": "\n".join(f"- {line}" for line in lines)}
        if email_enqueue(to=person.email, subject=_("Acciones de calidad vencidas"), body=body,
                         purpose="quality.reminder",
                         dedupe_key=f"quality-reminder:{person_id}:{today.isoformat()}"):
            sent += 1
    return sent
