"""
Staff-only writes of intake: desk registration, quick answers at first contact and
bulk assignment.

Same contract as intake.services: keyword-only arguments, one transaction per
intention, the case event written in it, state changes only through
intake.services.case_transition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caserecord.services import event_record
from compliance import services as compliance_services
from intake import policy
from intake.choices import FINAL_STATUSES, VERBAL_CHANNELS, CaseKind, CaseStatus, NotifyBy
from intake.models import Case, Customer
from intake.services import cases as services
from intake.services.assignment import round_robin_next
from pqr_portal.access import require

# What the front office may answer on the spot (información at first contact).
QUICK_TOPICS = {
    "tarifas": gettext_lazy("Tarifas"),
    "facturas": gettext_lazy("Facturas"),
    "suministro": gettext_lazy("Suministro del servicio"),
}
QUICK_ANSWER_KIND = CaseKind.PETICION_DOCUMENTOS  # SUI tipo 6: solicitud de información


@transaction.atomic
def case_register_at_desk(*, customer_data: dict, channel: str, actor, verbal_note: str = "",
                          account_number: str = "", **case_fields) -> Case:
    """
    Register a PQR taken by staff: the petitioner's data and the case in one transaction.

    A refused registration leaves the customer's data untouched too. A request
    on a verbal channel records that it was verbal (with the note, if any).
    """
    require(policy.can_register(actor))
    customer = services.customer_upsert(actor=actor, **customer_data)
    # At the desk the document was seen: the customer's address may stand in.
    case_fields["notify_address"] = case_fields.get("notify_address") or customer.address
    case_fields["municipality"] = case_fields.get("municipality") or customer.municipality
    return services.case_register(
        channel=channel, customer=customer, actor=actor, account_number=account_number.strip(),
        # Only what the person typed: the receipt prints it (is_verbal says the rest).
        verbal_record=verbal_note.strip() if channel in VERBAL_CHANNELS else "",
        **case_fields)


@transaction.atomic
def quick_answer_register(*, customer: Customer, channel: str, topic: str, question: str,
                          answer: str, actor, account_number: str = "") -> Case:
    """
    Record an information request answered at the counter, closed at once.

    The response term is marked met (answered at first contact) before the
    case moves radicado -> cerrado, so it never counts as pending or late.
    """
    require(policy.can_quick_answer(actor))
    if topic not in QUICK_TOPICS:
        raise ValidationError({"topic": _("Elija un tema de la lista.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Escriba la respuesta que se dio al usuario.")})
    case = services.case_register(
        kind=QUICK_ANSWER_KIND, channel=channel, customer=customer, actor=actor,
        description=question, subject=str(QUICK_TOPICS[topic]), account_number=account_number,
        notify_by=NotifyBy.POSTAL, notify_address=customer.address,
        municipality=customer.municipality,
        verbal_record=_("Consulta de información atendida en primer contacto"),
    )
    Case.objects.filter(pk=case.pk).update(first_contact_answer=answer)
    case.first_contact_answer = answer
    now = timezone.now()
    if case.response_term_id:
        compliance_services.term_meet(term=case.response_term, met_at=now,
                                      how=_("Respuesta en primer contacto"))
    event_record(
        case=case, kind="case.quick_answer", actor=actor,
        data={"topic": topic, "topic_label": str(QUICK_TOPICS[topic]), "answer": answer},
    )
    return services.case_transition(case=case, to_status=CaseStatus.CERRADO, actor=actor,
                                     note=_("Respuesta en primer contacto"), act="quick_answer")


@dataclass
class BulkResult:
    assigned: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def cases_bulk_assign(*, cases, actor, assignee=None, round_robin: bool = False) -> BulkResult:
    """
    Assign each case of `cases` to `assignee`, or to the back-office gestores in turn.

    Each case is assigned in its own transaction: one closed or annulled case
    is skipped (and reported) without undoing the others.
    """
    if (assignee is None) == (not round_robin):
        raise ValueError("give exactly one of assignee or round_robin")
    require(policy.can_assign(actor))
    result = BulkResult()
    cases = [c for c in cases]
    open_cases = [c for c in cases if c.status not in FINAL_STATUSES]
    result.skipped = [c for c in cases if c.status in FINAL_STATUSES]
    if round_robin:
        people = round_robin_next(count=len(open_cases)) if open_cases else []
        if open_cases and not people:
            raise ValidationError(_("No hay gestores de back office activos para repartir."))
    else:
        people = [assignee] * len(open_cases)
    for case, person in zip(open_cases, people, strict=True):
        try:
            result.assigned.append(services.case_assign(case=case, assignee=person, actor=actor))
        except ValidationError:
            result.skipped.append(case)
    return result


def case_assign_round_robin(*, case: Case, actor) -> Case:
    """Assign one case to the next back-office gestor in turn."""
    result = cases_bulk_assign(cases=[case], actor=actor, round_robin=True)
    if not result.assigned:
        raise ValidationError(_("Un caso cerrado o anulado no se puede asignar."))
    return result.assigned[0]
