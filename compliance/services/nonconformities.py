"""Treating a non-conformity: its statuses follow a declared table, each move an event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from caserecord.services import event_record
from caserecord.transitions import TransitionTable
from compliance.models import NonConformity
from pqr_portal.access import roles_for
from pqr_portal.roles import Role

_S = NonConformity.Status
_COORD = {Role.COORDINADOR}
NONCONFORMITY_TABLE = TransitionTable("compliance.nonconformity", {
    (_S.ABIERTA, _S.EN_TRATAMIENTO): _COORD,
    (_S.EN_TRATAMIENTO, _S.CERRADA): _COORD,
    (_S.EN_TRATAMIENTO, _S.ABIERTA): _COORD,  # treatment found ineffective
})


@transaction.atomic
def nonconformity_set_status(*, nonconformity: NonConformity, status: str, actor,
                             note: str = "") -> NonConformity:
    """Move a non-conformity along its table; the coordinator decides, with a note."""
    nc = NonConformity.objects.select_for_update().get(pk=nonconformity.pk)
    if not NONCONFORMITY_TABLE.allows(nc.status, status, roles_for(actor)):
        raise ValidationError(_("La no conformidad no puede pasar de «%(from)s» a «%(to)s».")
                              % {"from": nc.get_status_display(), "to": _S(status).label})
    previous, nc.status = nc.status, status
    nc.save(update_fields=["status"])
    event_record(kind="nonconformity.status_changed", record=nc, case_id=nc.case_id, actor=actor,
                 note=note, data={"from": previous, "to": status})
    return nc
