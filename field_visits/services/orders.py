"""Revision orders: creation (with the suspension of the term for evidence) and annulment."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.numbering import number_next
from caserecord.services import event_record
from field_visits import policy
from field_visits.models import RevisionOrder, Visit
from field_visits.transitions import ORDER_TABLE, VISIT_TABLE
from intake import services as intake_services
from intake.choices import FINAL_STATUSES, CaseStatus
from intake.models import Case
from pqr_portal.access import require, roles_for

ORDER_SERIES = "OR"
ORDER_NUMBER_FORMAT = "OR-{year}-{number:05d}"


@transaction.atomic
def order_create(*, case: Case, actor, reason: str, address: str, account_number: str = "",
                 meter_serial: str = "", priority: int = RevisionOrder.Priority.NORMAL,
                 instructions: str = "", reason_detail: str = "", zone: str = "",
                 suspend_term: bool = False, suspension_note: str = "") -> RevisionOrder:
    """
    Generate a revision order from a case, with its own OR number.

    With `suspend_term`, the case goes to en_pruebas, its response term is
    suspended for evidence gathering (cause "pruebas", Ley 142) and the user
    is told so by their channel, which is recorded as the communication date.
    """
    require(policy.can_program(actor))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status in FINAL_STATUSES:
        raise ValidationError(_("No se puede ordenar una visita para un caso cerrado o anulado."))
    if not address.strip():
        raise ValidationError({"address": _("Indique la dirección de la visita.")})
    now = timezone.now()
    order = RevisionOrder.objects.create(
        number=number_next(series=ORDER_SERIES, when=now, fmt=ORDER_NUMBER_FORMAT),
        case=case, reason=reason, reason_detail=reason_detail, address=address.strip(),
        zone=zone.strip() or (case.municipality.name if case.municipality else ""),
        account_number=account_number, meter_serial=meter_serial, priority=priority,
        instructions=instructions, created_by=actor, created_at=now,
    )
    event_record(
        case=case, kind="revision_order.created", actor=actor,
        data={"order_id": order.pk, "number": order.number, "reason": reason,
              "priority": priority, "address": order.address},
    )
    if suspend_term:
        _suspend_for_evidence(case=case, order=order, actor=actor, note=suspension_note, now=now)
    return order


def _suspend_for_evidence(*, case: Case, order: RevisionOrder, actor, note: str, now: datetime):
    from compliance.models import TermAdjustment

    term = case.response_term
    if term is None or not term.is_open:
        raise ValidationError(_("El caso no tiene un término de respuesta abierto para suspender."))
    if case.status not in (CaseStatus.ASIGNADO, CaseStatus.EN_TRAMITE, CaseStatus.EN_PRUEBAS):
        raise ValidationError(_("Para suspender el término por pruebas el caso debe estar "
                                "asignado o en trámite."))
    open_adj = TermAdjustment.objects.filter(term=term, cause=TermAdjustment.Cause.PRUEBAS,
                                             ends_on__isnull=True).first()
    if open_adj is None:
        from responses import services as responses_services

        if case.status != CaseStatus.EN_PRUEBAS:
            intake_services.case_transition(case=case, to_status=CaseStatus.EN_PRUEBAS,
                                            actor=actor, note=_("Práctica de pruebas: orden %s")
                                            % order.number)
        # The letter to the user (outgoing radicado, PDF, sent by their channel) is
        # issued first; compliance records the suspension and its term.suspended event.
        open_adj = responses_services.term_suspension_for_pruebas(
            term=term, actor=actor,
            reasons=note or _("Visita técnica de revisión en %(address)s, orden %(number)s")
            % {"address": order.address, "number": order.number},
            evidence=_("Visita técnica de revisión, orden %s") % order.number,
        )
    order.suspends_term = True
    order.term_adjustment = open_adj
    order.save(update_fields=["suspends_term", "term_adjustment"])


@transaction.atomic
def order_cancel(*, order: RevisionOrder, actor, reason: str) -> RevisionOrder:
    """Annul an order not yet executed; its scheduled visit is cancelled with it."""
    require(policy.can_program(actor, order))
    order = RevisionOrder.objects.select_for_update().get(pk=order.pk)
    roles = roles_for(actor)
    ORDER_TABLE.require(order.status, RevisionOrder.Status.CANCELLED, roles,
                        _("Solo se puede anular una orden sin ejecutar."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo de la anulación.")})
    live = list(Visit.objects.select_for_update().filter(order=order,
                                                         status=Visit.Status.SCHEDULED))
    for visit in live:
        VISIT_TABLE.check(visit.status, Visit.Status.CANCELLED, roles)
    Visit.objects.filter(pk__in=[v.pk for v in live]).update(
        status=Visit.Status.CANCELLED, closed_at=timezone.now())
    previous = order.status
    order.status = RevisionOrder.Status.CANCELLED
    order.save(update_fields=["status"])
    event_record(case=order.case, record=order, kind="revision_order.cancelled", actor=actor,
                 note=reason, data={"order_id": order.pk, "number": order.number,
                                    "from": previous, "to": order.status,
                                    "visit_ids": [v.pk for v in live]})
    _resume_if_last(order=order, actor=actor)
    return order


def _resume_if_last(*, order: RevisionOrder, actor) -> None:
    """End the suspension for evidence once no open order of the case still needs it."""
    if not order.suspends_term or order.term_adjustment_id is None:
        return
    from compliance import services as compliance_services
    from compliance.models import TermAdjustment

    still_open = RevisionOrder.objects.filter(
        case_id=order.case_id, suspends_term=True,
        status__in=[RevisionOrder.Status.PENDING, RevisionOrder.Status.SCHEDULED],
    ).exclude(pk=order.pk).exists()
    if still_open:
        return
    adj = TermAdjustment.objects.select_related("term").get(pk=order.term_adjustment_id)
    case = Case.objects.get(pk=order.case_id)
    if adj.ends_on is None:
        # compliance records the term.resumed event with the new due date.
        # The suspension ends by itself (SYSTEM): whoever closed the last order
        # (a brigadista's acta) need not be allowed to adjust terms.
        compliance_services.term_resume(term=adj.term, ends_on=timezone.localdate(), actor=None)
    if case.status == CaseStatus.EN_PRUEBAS:
        intake_services.case_transition(case=case, to_status=CaseStatus.EN_TRAMITE, actor=actor,
                                        note=_("Pruebas practicadas: orden %s") % order.number)
