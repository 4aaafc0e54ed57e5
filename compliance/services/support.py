"""
Requests to the support processes (outputs of the process map): purchase
requisitions to logistics, staff requests to human resources, infrastructure
needs, controlled-document changes to the improvement process. Created by hand,
from a non-conformity or from an inspection; their status follows a table.
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
from compliance.models import SupportRequest
from pqr_portal.access import require, roles_for
from pqr_portal.roles import Role

_R = SupportRequest.Status
_COORD = {Role.COORDINADOR}
SUPPORT_TABLE = TransitionTable("compliance.supportrequest", {
    (_R.ABIERTA, _R.ENVIADA): _COORD,
    (_R.ENVIADA, _R.RESPONDIDA): _COORD,
    (_R.RESPONDIDA, _R.CERRADA): _COORD,
    (_R.ABIERTA, _R.ANULADA): _COORD,
    (_R.ENVIADA, _R.ANULADA): _COORD,
})


@transaction.atomic
def support_request_open(*, actor, kind: str, description: str, owner, due_date: date,
                         nonconformity=None, inspection=None) -> SupportRequest:
    require(policy.can_manage_support_requests(actor))
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("La fecha requerida no puede estar en el pasado.")})
    request = SupportRequest.objects.create(
        kind=kind, description=description.strip(), owner=owner, due_date=due_date,
        nonconformity=nonconformity, inspection=inspection, created_by=actor)
    event_record(kind="support_request.opened", record=request, actor=actor,
                 data={"kind": kind, "nonconformity_id": getattr(nonconformity, "pk", None),
                       "inspection_id": getattr(inspection, "pk", None)})
    return request


@transaction.atomic
def support_request_move(*, request: SupportRequest, status: str, actor,
                         answer: str = "", note: str = "") -> SupportRequest:
    """Send, record the other process's answer, close or annul."""
    request = SupportRequest.objects.select_for_update().get(pk=request.pk)
    require(policy.can_manage_support_requests(actor))
    wrong = _("La solicitud no puede pasar de «%(from)s» a «%(to)s».") % {
        "from": request.get_status_display(), "to": _R(status).label}
    SUPPORT_TABLE.require(request.status, status, roles_for(actor), wrong)
    if status == _R.RESPONDIDA:
        if not answer.strip():
            raise ValidationError({"answer": _("Escriba la respuesta del otro proceso.")})
        request.answer, request.answered_at = answer.strip(), timezone.now()
    if status == _R.ANULADA and not note.strip():
        raise ValidationError({"note": _("Explique por qué se anula.")})
    previous, request.status = request.status, status
    request.save()
    event_record(kind="support_request.status_changed", record=request, actor=actor,
                 data={"from": previous, "to": status}, note=answer.strip() or note.strip())
    return request
