"""
The acta de revisión: submitting it (with seals, photos, signatures and its
PDF) and correcting it by a new acta linked to the original.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from caserecord.files import safe_filename
from caserecord.services import event_record
from field_visits import policy
from field_visits.images import ImageRejected, decode_signature, process_photo
from field_visits.models import Acta, ActaPhoto, RevisionOrder, Seal, Visit
from field_visits.services.common import user_inform
from field_visits.services.orders import _resume_if_last
from field_visits.transitions import ORDER_TABLE, VISIT_TABLE
from intake import services as intake_services
from intake.models import Attachment
from pqr_portal.access import require, roles_for


def _combine(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _photos_process(photos) -> list[tuple[str, object]]:
    """Check and resize every photo before anything is written (a bad one aborts all)."""
    done = []
    for uploaded in photos:
        uploaded.seek(0)
        try:
            done.append((uploaded.name, process_photo(uploaded.read())))
        except ImageRejected as exc:
            raise ValidationError(
                {"photos": _("La foto «%(name)s» no es una imagen válida.") % {"name": uploaded.name}
                 if exc.code != "too_large" else
                 _("La foto «%(name)s» es demasiado grande.") % {"name": uploaded.name}})
    return done


def _photo_rows(*, acta: Acta, processed) -> list[ActaPhoto]:
    rows = []
    tz = timezone.get_current_timezone()
    for name, photo_data in processed:
        photo = ActaPhoto(
            acta=acta, original_name=safe_filename(name, "image/jpeg"), sha256=photo_data.sha256,
            width=photo_data.width, height=photo_data.height,
            taken_at=timezone.make_aware(photo_data.taken_at, tz) if photo_data.taken_at else None,
            latitude=photo_data.latitude, longitude=photo_data.longitude,
        )
        photo.image.save(f"{acta.number}-{len(rows) + 1}.jpg", ContentFile(photo_data.content),
                         save=False)
        photo.save()
        rows.append(photo)
    return rows


def _signature(data_url: str, field: str) -> bytes:
    messages = {
        "missing": _("Falta la firma."), "blank": _("La firma está en blanco."),
        "not_png": _("La firma no es una imagen PNG válida."),
        "too_large": _("La imagen de la firma es demasiado grande."),
    }
    try:
        return decode_signature(data_url)
    except ImageRejected as exc:
        raise ValidationError({field: messages.get(exc.code, messages["not_png"])})


def _check_attendance(data: dict) -> None:
    errors = {}
    attendance = data.get("attendance")
    if attendance not in Acta.Attendance.values:
        errors["attendance"] = _("Indique quién atendió la visita.")
    if attendance in (Acta.Attendance.PRESENT, Acta.Attendance.REFUSED):
        for f in ("attendant_name", "attendant_id_number"):
            if not (data.get(f) or "").strip():
                errors[f] = _("Este dato es obligatorio cuando alguien atiende la visita.")
    if attendance == Acta.Attendance.PRESENT and not (data.get("attendant_relation") or "").strip():
        errors["attendant_relation"] = _("Indique la relación con el predio.")
    if attendance in (Acta.Attendance.ABSENT, Acta.Attendance.REFUSED):
        for f in ("witness_name", "witness_id_number"):
            if not (data.get(f) or "").strip():
                errors[f] = _("Si el usuario está ausente o se niega a firmar, firma un testigo.")
    if errors:
        raise ValidationError(errors)


ACTA_FIELDS = (
    "attendance", "attendant_name", "attendant_id_number", "attendant_relation", "witness_name",
    "witness_id_number", "meter_brand", "meter_serial", "meter_type", "reading_active",
    "reading_reactive", "anomalies", "anomalies_note", "tests_performed", "user_observations",
    "copy_delivered", "brigadista_id_number", "meter_removed", "removal_bag_seal", "lab_name",
    "lab_test_when",
)


def _check_visit_date(visit: Visit, visit_date: date) -> None:
    """The acta is dated on or after the day the visit was programmed for."""
    if visit_date < visit.planned_date:
        raise ValidationError({"visit_date": _(
            "La fecha del acta (%(acta)s) es anterior a la fecha programada de la visita "
            "(%(visit)s). Escriba el día en que hizo la visita.") % {
            "acta": visit_date.strftime("%d/%m/%Y"),
            "visit": visit.planned_date.strftime("%d/%m/%Y")}})


@transaction.atomic
def acta_submit(*, visit: Visit, actor, visit_date: date, arrived: time, departed: time,
                data: dict, seals=(), photos=(), signature_attendant: str,
                signature_brigadista: str, signatures_typed: dict | None = None) -> Acta:
    """
    Submit the acta of a visit: store it, its seals and photos, produce its PDF.

    The safety check must have been passed. The PDF is attached to the case,
    a copy goes to the user by their channel, the visit and the order are
    executed, and a suspension for evidence ends (the case returns to
    en_tramite when no other suspending order is open). The acta is
    immutable from here on. `signatures_typed` says which signatures
    ("attendant", "brigadista") were typed as a name rather than drawn.
    """
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(policy.can_work_visit(actor, visit))
    roles, gone = roles_for(actor), _("La visita ya no está programada: el acta no se puede "
                                      "enviar.")
    VISIT_TABLE.require(visit.status, Visit.Status.EXECUTED, roles, gone)
    if visit.safety_checked_at is None:
        raise ValidationError(_("Primero debe completar el chequeo de seguridad."))
    _check_attendance(data)
    _check_visit_date(visit, visit_date)
    arrived_at, departed_at = _combine(visit_date, arrived), _combine(visit_date, departed)
    if departed_at < arrived_at:
        raise ValidationError({"departed": _("La hora de salida no puede ser anterior a la llegada.")})
    sig_att = _signature(signature_attendant, "signature_attendant")
    sig_brig = _signature(signature_brigadista, "signature_brigadista")
    processed = _photos_process(photos)
    order = RevisionOrder.objects.select_for_update().get(pk=visit.order_id)
    ORDER_TABLE.require(order.status, RevisionOrder.Status.EXECUTED, roles, gone)
    typed = signatures_typed or {}
    acta = _acta_create(order=order, visit=visit, actor=actor, arrived_at=arrived_at,
                        departed_at=departed_at, data=data, seals=seals,
                        sig_att=sig_att, sig_brig=sig_brig,
                        typed=(bool(typed.get("attendant")), bool(typed.get("brigadista"))))
    _photo_rows(acta=acta, processed=processed)
    now = timezone.now()
    visit.status = Visit.Status.EXECUTED
    visit.closed_at = now
    visit.save(update_fields=["status", "closed_at"])
    order.status = RevisionOrder.Status.EXECUTED
    order.executed_at = arrived_at
    order.save(update_fields=["status", "executed_at"])
    case = order.case
    event_record(
        case=case, record=order, kind="visit.completed", actor=actor,
        data={"order_id": order.pk, "visit_id": visit.pk, "acta_id": acta.pk,
              "acta_number": acta.number, "anomalies": acta.anomalies,
              "meter_serial": acta.meter_serial,
              "signatures_typed": [who for who, was in (
                  ("attendant", acta.signature_attendant_typed),
                  ("brigadista", acta.signature_brigadista_typed)) if was]},
    )
    _acta_publish(acta=acta, actor=actor)
    _resume_if_last(order=order, actor=actor)
    return acta


def _acta_create(*, order, visit, actor, arrived_at, departed_at, data, seals, sig_att, sig_brig,
                 typed: tuple[bool, bool] = (False, False), corrects: Acta | None = None,
                 correction_reason: str = "") -> Acta:
    values = {f: data.get(f) for f in ACTA_FIELDS if f in data}
    for f in ("attendant_name", "attendant_id_number", "attendant_relation", "witness_name",
              "witness_id_number", "anomalies_note", "tests_performed", "user_observations",
              "brigadista_id_number", "removal_bag_seal", "lab_name", "lab_test_when"):
        values[f] = (values.get(f) or "").strip()
    if values.get("attendance") == Acta.Attendance.ABSENT:
        # Nobody attended: a name typed before choosing "absent" must not reach the record.
        values.update(attendant_name="", attendant_id_number="", attendant_relation="")
    values["anomalies"] = list(values.get("anomalies") or [])
    values["copy_delivered"] = bool(values.get("copy_delivered"))
    values["meter_removed"] = bool(values.get("meter_removed"))
    if values["meter_removed"]:
        missing = {f: _("Obligatorio cuando se retira el medidor.")
                   for f in ("removal_bag_seal", "lab_name", "lab_test_when") if not values.get(f)}
        if missing:
            raise ValidationError(missing)
    for f in ("reading_active", "reading_reactive"):
        if values.get(f) not in (None, ""):
            values[f] = Decimal(str(values[f]))
        else:
            values[f] = None
    if values["reading_active"] is None:
        raise ValidationError({"reading_active": _("Registre la lectura del medidor.")})
    n = order.actas.count() + 1
    acta = Acta(order=order, visit=visit, brigadista=visit.brigadista, arrived_at=arrived_at,
                departed_at=departed_at, number=f"{order.number}-A{n}", corrects=corrects,
                correction_reason=correction_reason, signature_attendant_typed=typed[0],
                signature_brigadista_typed=typed[1], **values)
    acta.signature_attendant.save(f"{acta.number}-atiende.png", ContentFile(sig_att), save=False)
    acta.signature_brigadista.save(f"{acta.number}-brigadista.png", ContentFile(sig_brig),
                                   save=False)
    acta.save()
    for seal in seals:
        if not (seal.get("number") or "").strip():
            continue
        Seal.objects.create(acta=acta, kind=seal["kind"], number=seal["number"].strip(),
                            location=(seal.get("location") or "").strip(),
                            condition=seal["condition"])
    return acta


def _acta_publish(*, acta: Acta, actor) -> None:
    """Render the PDF, attach it to the case, and send the user a copy."""
    from field_visits.pdf import render_acta_pdf

    case = acta.order.case
    # Rendered inside the transaction on purpose: the acta, its PDF and the
    # attachment are one legal record and must commit or fail together.
    content = render_acta_pdf(acta)
    attachment = intake_services.attachment_add_bytes(
        case=case, name=f"acta-{acta.number}.pdf", content=content, mime="application/pdf",
        actor=actor, kind=Attachment.Kind.ACTA,
        description=_("Acta de revisión %s") % acta.number, public=True,
    )
    acta.pdf = attachment
    acta.save(update_fields=["pdf"])
    body = _(
        "Respetado(a) usuario(a):\n\nAdjuntamos copia del acta de revisión %(number)s de la "
        "visita técnica realizada el %(date)s en %(address)s, relacionada con su solicitud "
        "%(radicado)s."
    ) % {"number": acta.number, "date": date_format(timezone.localtime(acta.arrived_at), "d/m/Y"),
         "address": acta.order.address, "radicado": case.radicado}
    user_inform(case=case, subject=_("Copia del acta de revisión %s") % acta.number, body=body,
                purpose="visit.acta_copy", actor=actor,
                attachments=[{"name": attachment.original_name, "path": attachment.file.name,
                              "mimetype": "application/pdf"}])


@transaction.atomic
def acta_correct(*, acta: Acta, actor, reason: str, changes: dict) -> Acta:
    """
    Record a correction of a submitted acta as a new acta linked to it.

    The original stays as it was. Only the recorded facts in `changes` differ;
    signatures, seals and times are carried over unless given. The new PDF is
    attached to the case.
    """
    require(policy.can_correct_acta(actor, acta))
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo de la corrección.")})
    allowed = set(ACTA_FIELDS) - {"attendance"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(_("Campos no corregibles: %s") % ", ".join(sorted(unknown)))
    data = {f: getattr(acta, f) for f in ACTA_FIELDS}
    data.update(changes)
    _check_attendance(data)
    seals = [{"kind": s.kind, "number": s.number, "location": s.location,
              "condition": s.condition} for s in acta.seals.all()]
    with acta.signature_attendant.open("rb") as fh:
        sig_att = fh.read()
    with acta.signature_brigadista.open("rb") as fh:
        sig_brig = fh.read()
    order = RevisionOrder.objects.select_for_update().get(pk=acta.order_id)
    new = _acta_create(order=order, visit=acta.visit, actor=actor, arrived_at=acta.arrived_at,
                       departed_at=acta.departed_at, data=data, seals=seals, sig_att=sig_att,
                       sig_brig=sig_brig, corrects=acta, correction_reason=reason,
                       typed=(acta.signature_attendant_typed, acta.signature_brigadista_typed))
    for photo in acta.photos.all():
        ActaPhoto.objects.create(acta=new, image=photo.image.name,
                                 original_name=photo.original_name, sha256=photo.sha256,
                                 width=photo.width, height=photo.height, taken_at=photo.taken_at,
                                 latitude=photo.latitude, longitude=photo.longitude)
    # The reason stays in the data: the event is public.
    event_record(
        case=order.case, kind="acta.corrected", actor=actor,
        data={"acta_id": new.pk, "acta_number": new.number, "corrects_id": acta.pk,
              "corrects_number": acta.number, "reason": reason,
              "changes": {k: str(v) for k, v in changes.items()}},
    )
    _acta_publish(acta=new, actor=actor)
    return new
