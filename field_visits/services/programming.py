"""Programming visits (and reprogramming, which keeps the previous visit), the safety check
and the failed visit."""

from __future__ import annotations

from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caserecord.services import event_record
from field_visits import policy
from field_visits.models import RevisionOrder, Visit
from field_visits.services.common import user_inform
from field_visits.transitions import ORDER_TABLE, VISIT_TABLE
from pqr_portal.access import require, roles_for
from pqr_portal.dates import time_window

SAFETY_ITEMS = ("epp", "risk_assessment", "tools", "signalling", "fit_for_work")
# Every point of the pre-visit check is critical: one the brigadista cannot confirm opens a
# critical QHSE non-conformity (compliance.services.safety_check_failed). Short names for it.
SAFETY_ITEM_NAMES = {
    "epp": gettext_lazy("Equipo de protección personal completo"),
    "risk_assessment": gettext_lazy("Análisis de riesgos del sitio"),
    "tools": gettext_lazy("Herramientas aisladas y detector de tensión"),
    "signalling": gettext_lazy("Señalización del área de trabajo"),
    "fit_for_work": gettext_lazy("Condiciones para trabajar"),
}


def _visits_capacity() -> int:
    return settings.PQR_VISITS_PER_BRIGADISTA_PER_DAY


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _window_text(visit: Visit) -> str:
    return _("el %(window)s") % {
        "window": time_window(visit.planned_date, visit.window_start, visit.window_end)}


def _scheduled_count(*, brigadista, day: date, exclude_order=None) -> int:
    qs = Visit.objects.filter(brigadista=brigadista, planned_date=day,
                              status__in=[Visit.Status.SCHEDULED, Visit.Status.EXECUTED])
    if exclude_order is not None:
        qs = qs.exclude(order=exclude_order)
    return qs.count()


def capacity_warning(*, brigadista, day: date, exclude_order=None) -> str | None:
    """Return the warning shown when one more visit exceeds the brigadista's day capacity."""
    count = _scheduled_count(brigadista=brigadista, day=day, exclude_order=exclude_order) + 1
    capacity = _visits_capacity()
    if count > capacity:
        return _("%(name)s queda con %(count)s visitas el %(date)s; la capacidad es de "
                 "%(capacity)s por día.") % {"name": _name(brigadista), "count": count,
                                              "date": date_format(day, "d/m/Y"),
                                              "capacity": capacity}
    return None


@transaction.atomic
def visit_schedule(*, order: RevisionOrder, brigadista, planned_date: date, window_start: time,
                   window_end: time, actor, note: str = "", sequence: int | None = None,
                   today: date | None = None) -> tuple[Visit, list[str]]:
    """
    Programme (or reprogramme) the visit of an order; return it and any warnings.

    A previous scheduled visit is kept as history (status reprogramada, linked
    to the new one). Exceeding the day capacity is allowed with a warning.
    The user is told the date window by their channel.
    """
    require(policy.can_program(actor, order))
    order = RevisionOrder.objects.select_for_update().get(pk=order.pk)
    roles, closed = roles_for(actor), _("La orden ya fue ejecutada o anulada.")
    previous = order.visits.select_for_update().filter(status=Visit.Status.SCHEDULED).first()
    if previous is not None:
        # A reprogramming: the order stays programada, its live visit becomes history.
        VISIT_TABLE.require(previous.status, Visit.Status.RESCHEDULED, roles, closed)
    else:
        ORDER_TABLE.require(order.status, RevisionOrder.Status.SCHEDULED, roles, closed)
    if not policy.can_be_assigned_visits(brigadista):
        raise ValidationError({"brigadista": _("La persona elegida no es brigadista.")})
    if window_end <= window_start:
        raise ValidationError({"window_end": _("La hora final debe ser posterior a la inicial.")})
    if planned_date < (today or timezone.localdate()):
        raise ValidationError({"planned_date": _("No se puede programar en una fecha pasada.")})
    warnings = []
    warning = capacity_warning(brigadista=brigadista, day=planned_date, exclude_order=order)
    if warning:
        warnings.append(warning)
    if previous is not None:
        previous.status = Visit.Status.RESCHEDULED
        previous.closed_at = timezone.now()
        previous.save(update_fields=["status", "closed_at"])
    if sequence is None:
        sequence = _scheduled_count(brigadista=brigadista, day=planned_date,
                                    exclude_order=order) + 1
    visit = Visit.objects.create(order=order, brigadista=brigadista, planned_date=planned_date,
                                 window_start=window_start, window_end=window_end,
                                 sequence=sequence, note=note, created_by=actor)
    if previous is not None:
        previous.replaced_by = visit
        previous.save(update_fields=["replaced_by"])
    order.status = RevisionOrder.Status.SCHEDULED
    order.brigadista = brigadista
    order.save(update_fields=["status", "brigadista"])
    case = order.case
    # The scheduling note stays in the data: the event is public and the note is
    # written for the brigade, not for the citizen.
    event_record(
        case=case, record=order, kind="visit.rescheduled" if previous else "visit.scheduled",
        actor=actor,
        data={"order_id": order.pk, "number": order.number, "visit_id": visit.pk,
              "brigadista_id": brigadista.pk, "planned_date": planned_date,
              "window_start": window_start, "window_end": window_end,
              "previous_visit_id": previous.pk if previous else None,
              "previous_date": previous.planned_date if previous else None,
              "note": note, "warnings": warnings},
    )
    body = _(
        "Respetado(a) usuario(a):\n\nLe informamos que la visita técnica de revisión (orden "
        "%(number)s) relacionada con su solicitud %(radicado)s se realizará %(window)s en "
        "%(address)s. Para el ingreso se requiere su autorización; puede estar presente y "
        "llamar a un técnico de su confianza. El personal se identificará con su carné."
    ) % {"number": order.number, "radicado": case.radicado, "window": _window_text(visit),
         "address": order.address}
    user_inform(case=case, subject=_("Visita técnica programada — %s") % case.radicado,
                body=body, purpose="visit.scheduled", actor=actor)
    return visit, warnings


@transaction.atomic
def visit_safety_check(*, visit: Visit, actor, items) -> Visit:
    """Record the QHSE self-care check; every item must be confirmed."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(policy.can_work_visit(actor, visit))
    if not visit.is_scheduled:
        raise ValidationError(_("La visita ya no está programada."))
    missing = [i for i in SAFETY_ITEMS if i not in set(items)]
    if missing:
        raise ValidationError(_("Debe confirmar todos los puntos del chequeo de seguridad."))
    visit.safety_checked_at = timezone.now()
    visit.safety_items = list(SAFETY_ITEMS)
    visit.save(update_fields=["safety_checked_at", "safety_items"])
    event_record(case=visit.order.case, kind="visit.safety_checked", actor=actor,
                 data={"visit_id": visit.pk, "number": visit.order.number,
                       "items": list(SAFETY_ITEMS)})
    return visit


@transaction.atomic
def visit_safety_check_failed(*, visit: Visit, actor, confirmed, note: str = ""):
    """
    The brigadista cannot confirm every point of the safety check: the points
    not in `confirmed` are recorded as failed, a critical QHSE non-conformity
    about the brigadista and the visit is opened (once per visit), and the
    visit stays without its check, so no acta can be made until it passes.
    Returns the non-conformity.
    """
    from compliance import services as compliance_services

    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(policy.can_work_visit(actor, visit))
    if not visit.is_scheduled:
        raise ValidationError(_("La visita ya no está programada."))
    if visit.safety_checked_at is not None:
        raise ValidationError(_("El chequeo de seguridad de esta visita ya se confirmó."))
    failed = [i for i in SAFETY_ITEMS if i not in set(confirmed)]
    if not failed:
        raise ValidationError(_("Confirmó todos los puntos: use «Confirmar y comenzar»."))
    nc = compliance_services.safety_check_failed(
        visit_id=visit.pk, person=actor, failed_items=[str(SAFETY_ITEM_NAMES[i]) for i in failed])
    event_record(case=visit.order.case, kind="visit.safety_failed", actor=actor, note=note,
                 data={"visit_id": visit.pk, "number": visit.order.number, "failed": failed,
                       "nonconformity_id": nc.pk})
    return nc


@transaction.atomic
def visit_fail(*, visit: Visit, actor, reason: str, note: str = "") -> Visit:
    """Close a visit that could not be made; the order goes back to be reprogrammed."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(policy.can_work_visit(actor, visit))
    order = RevisionOrder.objects.select_for_update().get(pk=visit.order_id)
    roles, gone = roles_for(actor), _("La visita ya no está programada.")
    VISIT_TABLE.require(visit.status, Visit.Status.FAILED, roles, gone)
    ORDER_TABLE.require(order.status, RevisionOrder.Status.PENDING, roles, gone)
    if reason not in Visit.FailureReason.values:
        raise ValidationError({"reason": _("Elija el motivo.")})
    if reason == Visit.FailureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Describa el motivo.")})
    visit.status = Visit.Status.FAILED
    visit.failure_reason = reason
    visit.failure_note = note
    visit.closed_at = timezone.now()
    visit.save(update_fields=["status", "failure_reason", "failure_note", "closed_at"])
    order.status = RevisionOrder.Status.PENDING
    order.save(update_fields=["status"])
    # The brigadista's note stays in the data: the event is public.
    event_record(
        case=order.case, record=order, kind="visit.failed", actor=actor,
        data={"order_id": order.pk, "number": order.number, "visit_id": visit.pk,
              "reason": reason, "note": note},
    )
    _alert_owner(order)
    return visit


def _alert_owner(order: RevisionOrder) -> None:
    """
    A failed visit while the response term stands still for it: alert the
    case's owner (the coordinators when nobody owns it): the suspension has a
    limit and the visit must be reprogrammed or the term resumed.
    """
    from compliance import services as compliance_services
    from compliance.models import Alert

    if not order.suspends_term or order.term_adjustment_id is None:
        return
    term = order.term_adjustment.term
    if term.is_open:
        compliance_services.alert_raise(term=term, reason=Alert.Reason.VISIT_FAILED)
