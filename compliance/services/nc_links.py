"""
The cases, visits and people a non-conformity concerns besides the one it was
opened about (NonConformity.case/visit/person, kept as its origin): linked and
unlinked by whoever treats it while it is open, each change an event of the
non-conformity (and of the case's timeline when a case is linked or unlinked).
Cases and visits are looked up by model name: compliance imports no other
domain app.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance import policy
from compliance.models import NonConformity
from pqr_portal.access import require

CASE, VISIT, PERSON = "case", "visit", "person"
WHATS = (CASE, VISIT, PERSON)


def _target(what: str, target_id: int):
    model = {CASE: lambda: apps.get_model("intake", "Case"),
             VISIT: lambda: apps.get_model("field_visits", "Visit"),
             PERSON: get_user_model}[what]()
    obj = model.objects.filter(pk=target_id).first()
    if obj is None:
        raise ValidationError({what: {
            CASE: _("No hay un caso con ese radicado."),
            VISIT: _("No hay una visita con ese número."),
            PERSON: _("Elija una persona del equipo."),
        }[what]})
    return obj


def _label(what: str, obj) -> str:
    if what == CASE:
        return obj.radicado
    if what == VISIT:
        return str(obj.pk)
    return obj.get_full_name() or obj.get_username()


def _primary_id(nc: NonConformity, what: str):
    return {CASE: nc.case_id, VISIT: nc.visit_id, PERSON: nc.person_id}[what]


def _manager(nc: NonConformity, what: str):
    return {CASE: nc.cases, VISIT: nc.visits, PERSON: nc.people}[what]


def _editable(nonconformity: NonConformity, actor, what: str) -> NonConformity:
    if what not in WHATS:
        raise ValueError(f"unknown link {what!r}")
    nc = NonConformity.objects.select_for_update().get(pk=nonconformity.pk)
    require(policy.can_treat_nonconformity(actor, nc))
    if not nc.is_open:
        raise ValidationError(_("La no conformidad está «%(s)s»: ya no se modifica.")
                              % {"s": nc.get_status_display()})
    return nc


def _event(nc: NonConformity, kind: str, actor, what: str, obj, note: str):
    # A case linked or unlinked also shows on that case's timeline.
    case_id = obj.pk if what == CASE else nc.case_id
    event_record(kind=kind, record=nc, case_id=case_id, actor=actor, note=note,
                 data={"what": what, "id": obj.pk, "label": _label(what, obj), "nc": nc.code})


@transaction.atomic
def nonconformity_link(*, nonconformity: NonConformity, actor, what: str, target_id: int,
                       note: str = "") -> NonConformity:
    """Add a case, visit or person (`what`) concerned by an open non-conformity."""
    nc = _editable(nonconformity, actor, what)
    obj = _target(what, target_id)
    if _primary_id(nc, what) == obj.pk or _manager(nc, what).filter(pk=obj.pk).exists():
        raise ValidationError({what: _("Ya está en la no conformidad.")})
    _manager(nc, what).add(obj)
    _event(nc, "nonconformity.linked", actor, what, obj, note)
    return nc


@transaction.atomic
def nonconformity_unlink(*, nonconformity: NonConformity, actor, what: str, target_id: int,
                         note: str = "") -> NonConformity:
    """
    Remove a case, visit or person added to an open non-conformity. The one it
    was opened about stays: it is the origin of the record.
    """
    nc = _editable(nonconformity, actor, what)
    obj = _manager(nc, what).filter(pk=target_id).first()
    if obj is None:
        raise ValidationError(_("Solo se quitan los agregados después; el caso, la visita o "
                                "la persona de origen se conserva."))
    _manager(nc, what).remove(obj)
    _event(nc, "nonconformity.unlinked", actor, what, obj, note)
    return nc


def concerned(nc: NonConformity) -> dict[str, list]:
    """Every case, visit and person concerned: the origin first, then the ones added."""
    out = {}
    for what, primary, extra in (
            (CASE, nc.case if nc.case_id else None, nc.cases.order_by("pk")),
            (VISIT, nc.visit if nc.visit_id else None, nc.visits.order_by("pk")),
            (PERSON, nc.person if nc.person_id else None, nc.people.order_by("pk"))):
        out[what] = ([{"obj": primary, "origin": True}] if primary is not None else []) + [
            {"obj": o, "origin": False} for o in extra if o.pk != getattr(primary, "pk", None)]
    return out
