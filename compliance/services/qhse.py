"""
QHSE supervision (CPAI-001, Check): checklists (versioned: editing makes a new
version and retires the old one), inspections of a person, a team or a visit,
with a photo per item; a failed critical item opens a critical non-conformity.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from caserecord.files import safe_filename, validate_upload
from caserecord.services import event_record
from compliance import policy
from compliance.models import (
    ChecklistItem,
    ChecklistTemplate,
    Inspection,
    InspectionAnswer,
    NonConformity,
)
from compliance.services.nonconformities import nonconformity_open
from pqr_portal.access import require

IMAGE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/heic"}


@transaction.atomic
def checklist_save(*, actor, name: str, area: str, subject: str, items: list[dict],
                   template: ChecklistTemplate | None = None) -> ChecklistTemplate:
    """
    Save a checklist: a new one, or a new version of `template` (the previous
    version is retired; inspections made with it keep it). `items` are dicts
    with text, critical and, for an item carried over, its key.
    """
    require(policy.can_manage_checklists(actor))
    items = [i for i in items if (i.get("text") or "").strip()]
    if not items:
        raise ValidationError(_("La lista necesita al menos un punto a verificar."))
    if template is None:
        base = slugify(name)[:32] or "lista"
        code, n = base, 1
        while ChecklistTemplate.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        version = 1
    else:
        code = template.code
        version = (ChecklistTemplate.objects.filter(code=code).aggregate(v=Max("version"))["v"]
                   or 0) + 1
        ChecklistTemplate.objects.filter(code=code, active=True).update(active=False)
    new = ChecklistTemplate.objects.create(code=code, version=version, name=name.strip(),
                                           area=area, subject=subject, created_by=actor)
    used = set()
    for position, item in enumerate(items, start=1):
        key = item.get("key") or slugify(item["text"])[:30] or f"p{position}"
        while key in used:
            key = f"{key[:30]}-{position}"
        used.add(key)
        ChecklistItem.objects.create(template=new, key=key, position=position,
                                     text=item["text"].strip(), critical=bool(item.get("critical")))
    event_record(kind="checklist.saved", record=new, actor=actor,
                 data={"code": code, "version": version, "items": len(items)})
    return new


@transaction.atomic
def inspection_record(*, actor, template: ChecklistTemplate, answers: dict, person=None,
                      team: str = "", visit_id: int | None = None, place: str = "",
                      note: str = "") -> Inspection:
    """
    Record an inspection. `answers` maps item id -> {"result", "note", "photo"}.
    Every item must be answered; a "no cumple" needs an observation. Each
    failed critical item opens its non-conformity (critical, QHSE inspection).
    """
    require(policy.can_inspect(actor))
    if not template.active:
        raise ValidationError(_("Esta versión de la lista ya no está vigente."))
    errors = {}
    if person is None and not team.strip() and visit_id is None:
        # The checklist says what it is usually applied to; any of the three will do.
        field = {ChecklistTemplate.Subject.PERSONA: "person",
                 ChecklistTemplate.Subject.EQUIPO: "team"}.get(template.subject, "visit")
        errors[field] = _("Indique la persona, el equipo o la visita inspeccionada.")
    items = list(template.items.all())
    for item in items:
        answer = answers.get(item.pk) or {}
        result = answer.get("result")
        if result not in InspectionAnswer.Result.values:
            errors[f"item_{item.pk}"] = _("Indique el resultado de este punto.")
        elif result == InspectionAnswer.Result.NO_CUMPLE and not (answer.get("note") or "").strip():
            errors[f"item_{item.pk}_note"] = _("Describa lo encontrado.")
        photo = answer.get("photo")
        if photo:
            try:
                mime, _digest = validate_upload(photo)
            except ValidationError as exc:
                errors[f"item_{item.pk}_photo"] = exc.messages
            else:
                if mime not in IMAGE_TYPES:
                    errors[f"item_{item.pk}_photo"] = _("La foto debe ser una imagen.")
                answer["mime"] = mime
    if errors:
        raise ValidationError(errors)
    inspection = Inspection.objects.create(template=template, inspector=actor, person=person,
                                           team=team.strip(), visit_id=visit_id,
                                           place=place.strip(), note=note.strip(),
                                           performed_at=timezone.now())
    failed_critical = []
    for item in items:
        answer = answers[item.pk]
        row = InspectionAnswer(inspection=inspection, item=item, result=answer["result"],
                               note=(answer.get("note") or "").strip()[:250])
        if answer.get("photo"):
            row.photo.save(safe_filename(answer["photo"].name, answer["mime"]), answer["photo"],
                           save=False)
        row.save()
        if item.critical and row.result == InspectionAnswer.Result.NO_CUMPLE:
            failed_critical.append(row)
    event_record(kind="inspection.recorded", record=inspection, actor=actor, data={
        "template": str(template), "failed": sum(
            1 for a in answers.values() if a.get("result") == InspectionAnswer.Result.NO_CUMPLE),
        "failed_critical": len(failed_critical)})
    who = _inspected(inspection)
    for row in failed_critical:
        nonconformity_open(
            actor=None, kind=NonConformity.Kind.QHSE, origin=NonConformity.Origin.INSPECCION_QHSE,
            severity=NonConformity.Severity.CRITICA, person=person, visit_id=visit_id,
            inspection_answer=row, check_repetition=False,
            description=_("Punto crítico incumplido en la inspección «%(list)s» (%(who)s): "
                          "%(item)s. Hallazgo: %(note)s") % {
                "list": template.name, "who": who, "item": row.item.text, "note": row.note})
    from compliance.services.repetition import repetitions_check

    repetitions_check(day=timezone.localdate())
    return inspection


def _inspected(inspection: Inspection) -> str:
    if inspection.person_id:
        return inspection.person.get_full_name() or inspection.person.username
    if inspection.team:
        return inspection.team
    if inspection.visit_id:
        return _("visita %(id)s") % {"id": inspection.visit_id}
    return inspection.place


@transaction.atomic
def safety_check_failed(*, visit_id: int, person, failed_items: list[str]) -> NonConformity:
    """
    For field_visits: the brigadista could not confirm critical points of the
    pre-visit safety check (`failed_items`, their texts). Opens one critical
    QHSE non-conformity about the brigadista and the visit (once per visit).
    """
    existing = NonConformity.objects.filter(
        visit_id=visit_id, kind=NonConformity.Kind.QHSE, inspection_answer__isnull=True,
        origin=NonConformity.Origin.INSPECCION_QHSE).first()
    if existing is not None:
        return existing
    return nonconformity_open(
        actor=None, kind=NonConformity.Kind.QHSE, origin=NonConformity.Origin.INSPECCION_QHSE,
        severity=NonConformity.Severity.CRITICA, person=person, visit_id=visit_id,
        description=_("Chequeo de seguridad previo a la visita sin cumplir: %(items)s") % {
            "items": "; ".join(failed_items)})
