"""
Every write of field visits goes through this module.

Revision orders, programming (and reprogramming, which keeps the previous
visit as history), the safety check, the acta and the failed visit. Each
service runs in one transaction, records its event on the case timeline
through intake.services.event_record, and changes the case only through
intake.services.case_transition. The response term is suspended and resumed
through compliance.services.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from field_visits import policy
from field_visits.images import ImageRejected, decode_signature, process_photo
from field_visits.models import Acta, ActaPhoto, RevisionOrder, Seal, Visit
from intake import services as intake_services
from intake.choices import FINAL_STATUSES, CaseStatus, NotifyBy
from intake.models import Attachment, Case
from pqr_portal.access import require

ORDER_SERIES = "OR"
ORDER_NUMBER_FORMAT = "OR-{year}-{number:05d}"
SAFETY_ITEMS = ("epp", "risk_assessment", "tools", "signalling", "fit_for_work")


# --- helpers -------------------------------------------------------------------------

def _visits_capacity() -> int:
    return settings.PQR_VISITS_PER_BRIGADISTA_PER_DAY


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def _window_text(visit: Visit) -> str:
    return _("el %(date)s entre las %(start)s y las %(end)s") % {
        "date": date_format(visit.planned_date, "l j \\d\\e F \\d\\e Y"),
        "start": time_format(visit.window_start, "h:i A"),
        "end": time_format(visit.window_end, "h:i A"),
    }


def user_inform(*, case: Case, subject: str, body: str, purpose: str, actor,
                attachments=()) -> dict:
    """
    Tell the user something by the channel the case notifies by, and record it.

    By e-mail when the user accepted it; otherwise the message is recorded on
    the case for the office to deliver at the notification address (or by
    phone), which the event says. Return the event's data.
    """
    if case.notify_by == NotifyBy.EMAIL and case.notify_email:
        intake_services.email_enqueue(to=case.notify_email, subject=subject, body=body, case=case,
                                      purpose=purpose, attachments=attachments)
        channel, where = "email", case.notify_email
        summary = _("Comunicado al usuario por correo electrónico: %(subject)s") % {"subject": subject}
    else:
        channel = "postal"
        where = case.notify_address or case.customer.address
        summary = _("Comunicación al usuario para entrega en %(where)s: %(subject)s") % {
            "where": where or _("la dirección registrada"), "subject": subject}
    data = {"channel": channel, "to": where, "phone": case.customer.phone, "subject": subject,
            "message": body, "purpose": purpose}
    intake_services.event_record(case=case, kind="user.informed", actor=actor, summary=summary,
                                 data=data, public=True)
    return data


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


# --- orders --------------------------------------------------------------------------

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
        number=intake_services.radicado_next(series=ORDER_SERIES, when=now,
                                             fmt=ORDER_NUMBER_FORMAT),
        case=case, reason=reason, reason_detail=reason_detail, address=address.strip(),
        zone=zone.strip() or (case.municipality.name if case.municipality else ""),
        account_number=account_number, meter_serial=meter_serial, priority=priority,
        instructions=instructions, created_by=actor, created_at=now,
    )
    intake_services.event_record(
        case=case, kind="revision_order.created", actor=actor, public=True,
        summary=_("Orden de revisión %(number)s: %(reason)s") % {
            "number": order.number, "reason": order.get_reason_display()},
        data={"order_id": order.pk, "number": order.number, "reason": reason,
              "priority": priority, "address": order.address},
    )
    if suspend_term:
        _suspend_for_evidence(case=case, order=order, actor=actor, note=suspension_note, now=now)
    return order


def _suspend_for_evidence(*, case: Case, order: RevisionOrder, actor, note: str, now: datetime):
    from compliance import services as compliance_services
    from compliance.models import TermAdjustment

    term = case.response_term
    if term is None or not term.is_open:
        raise ValidationError(_("El caso no tiene un término de respuesta abierto para suspender."))
    if case.status not in (CaseStatus.ASIGNADO, CaseStatus.EN_TRAMITE, CaseStatus.EN_PRUEBAS):
        raise ValidationError(_("Para suspender el término por pruebas el caso debe estar "
                                "asignado o en trámite."))
    open_adj = TermAdjustment.objects.filter(term=term, cause=TermAdjustment.Cause.PRUEBAS,
                                             ends_on__isnull=True).first()
    body = _(
        "Respetado(a) usuario(a):\n\nPara resolver su solicitud con radicado %(radicado)s es "
        "necesario practicar una visita técnica de revisión (orden %(number)s) en %(address)s. "
        "Mientras se practica esta prueba, el término para responder queda suspendido, según "
        "el artículo 158 de la Ley 142 de 1994. Le informaremos la fecha y la franja horaria "
        "de la visita.\n\n%(note)s"
    ) % {"radicado": case.radicado, "number": order.number, "address": order.address,
         "note": note}
    if open_adj is None:
        if case.status != CaseStatus.EN_PRUEBAS:
            intake_services.case_transition(case=case, to_status=CaseStatus.EN_PRUEBAS,
                                            actor=actor, note=_("Práctica de pruebas: orden %s")
                                            % order.number)
        # compliance records the term.suspended event on the case timeline.
        open_adj = compliance_services.term_suspend(
            term=term, cause=TermAdjustment.Cause.PRUEBAS, starts_on=timezone.localdate(now),
            actor=actor, document_reference=order.number,
            note=note or _("Visita técnica de revisión, orden %s") % order.number,
            communicated_to_user_at=now,
        )
        user_inform(case=case, subject=_("Suspensión del término por práctica de pruebas — %s")
                    % case.radicado, body=body, purpose="visit.term_suspended", actor=actor)
    order.suspends_term = True
    order.term_adjustment = open_adj
    order.save(update_fields=["suspends_term", "term_adjustment"])


@transaction.atomic
def order_cancel(*, order: RevisionOrder, actor, reason: str) -> RevisionOrder:
    """Annul an order not yet executed; its scheduled visit is cancelled with it."""
    require(policy.can_program(actor, order))
    order = RevisionOrder.objects.select_for_update().get(pk=order.pk)
    if not order.is_open:
        raise ValidationError(_("Solo se puede anular una orden sin ejecutar."))
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo de la anulación.")})
    Visit.objects.filter(order=order, status=Visit.Status.SCHEDULED).update(
        status=Visit.Status.CANCELLED, closed_at=timezone.now())
    order.status = RevisionOrder.Status.CANCELLED
    order.save(update_fields=["status"])
    intake_services.event_record(case=order.case, kind="revision_order.cancelled", actor=actor,
                                 summary=_("Orden %s anulada") % order.number,
                                 data={"order_id": order.pk, "reason": reason})
    _resume_if_last(order=order, actor=actor)
    return order


# --- programming ---------------------------------------------------------------------

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
    if not order.is_open:
        raise ValidationError(_("La orden ya fue ejecutada o anulada."))
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
    previous = order.visits.filter(status=Visit.Status.SCHEDULED).first()
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
    window = _window_text(visit)
    intake_services.event_record(
        case=case, kind="visit.rescheduled" if previous else "visit.scheduled", actor=actor,
        public=True,
        summary=(_("Visita técnica reprogramada para %(window)s") if previous
                 else _("Visita técnica programada para %(window)s")) % {"window": window},
        data={"order_id": order.pk, "visit_id": visit.pk, "brigadista_id": brigadista.pk,
              "planned_date": planned_date, "window_start": window_start,
              "window_end": window_end, "previous_visit_id": previous.pk if previous else None,
              "previous_date": previous.planned_date if previous else None,
              "note": note, "warnings": warnings},
    )
    body = _(
        "Respetado(a) usuario(a):\n\nLe informamos que la visita técnica de revisión (orden "
        "%(number)s) relacionada con su solicitud %(radicado)s se realizará %(window)s en "
        "%(address)s. Para el ingreso se requiere su autorización; puede estar presente y "
        "llamar a un técnico de su confianza. El personal se identificará con su carné."
    ) % {"number": order.number, "radicado": case.radicado, "window": window,
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
    intake_services.event_record(case=visit.order.case, kind="visit.safety_checked", actor=actor,
                                 summary=_("Chequeo de seguridad QHSE antes de la visita %s")
                                 % visit.order.number,
                                 data={"visit_id": visit.pk, "items": list(SAFETY_ITEMS)})
    return visit


@transaction.atomic
def visit_fail(*, visit: Visit, actor, reason: str, note: str = "") -> Visit:
    """Close a visit that could not be made; the order goes back to be reprogrammed."""
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(policy.can_work_visit(actor, visit))
    if not visit.is_scheduled:
        raise ValidationError(_("La visita ya no está programada."))
    if reason not in Visit.FailureReason.values:
        raise ValidationError({"reason": _("Elija el motivo.")})
    if reason == Visit.FailureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Describa el motivo.")})
    visit.status = Visit.Status.FAILED
    visit.failure_reason = reason
    visit.failure_note = note
    visit.closed_at = timezone.now()
    visit.save(update_fields=["status", "failure_reason", "failure_note", "closed_at"])
    order = RevisionOrder.objects.select_for_update().get(pk=visit.order_id)
    order.status = RevisionOrder.Status.PENDING
    order.save(update_fields=["status"])
    intake_services.event_record(
        case=order.case, kind="visit.failed", actor=actor, public=True,
        summary=_("Visita no realizada (%(reason)s); la orden %(number)s vuelve a programación")
        % {"reason": visit.get_failure_reason_display(), "number": order.number},
        data={"order_id": order.pk, "visit_id": visit.pk, "reason": reason, "note": note},
    )
    return visit


# --- the acta --------------------------------------------------------------------------

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
            acta=acta, original_name=name[:200], sha256=photo_data.sha256,
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


@transaction.atomic
def acta_submit(*, visit: Visit, actor, visit_date: date, arrived: time, departed: time,
                data: dict, seals=(), photos=(), signature_attendant: str,
                signature_brigadista: str) -> Acta:
    """
    Submit the acta of a visit: store it, its seals and photos, produce its PDF.

    The safety check must have been passed. The PDF is attached to the case,
    a copy goes to the user by their channel, the visit and the order are
    executed, and a suspension for evidence ends (the case returns to
    en_tramite when no other suspending order is open). The acta is
    immutable from here on.
    """
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(policy.can_work_visit(actor, visit))
    if not visit.is_scheduled:
        raise ValidationError(_("La visita ya no está programada: el acta no se puede enviar."))
    if visit.safety_checked_at is None:
        raise ValidationError(_("Primero debe completar el chequeo de seguridad."))
    _check_attendance(data)
    arrived_at, departed_at = _combine(visit_date, arrived), _combine(visit_date, departed)
    if departed_at < arrived_at:
        raise ValidationError({"departed": _("La hora de salida no puede ser anterior a la llegada.")})
    sig_att = _signature(signature_attendant, "signature_attendant")
    sig_brig = _signature(signature_brigadista, "signature_brigadista")
    processed = _photos_process(photos)
    order = RevisionOrder.objects.select_for_update().get(pk=visit.order_id)
    acta = _acta_create(order=order, visit=visit, actor=actor, arrived_at=arrived_at,
                        departed_at=departed_at, data=data, seals=seals,
                        sig_att=sig_att, sig_brig=sig_brig)
    _photo_rows(acta=acta, processed=processed)
    now = timezone.now()
    visit.status = Visit.Status.EXECUTED
    visit.closed_at = now
    visit.save(update_fields=["status", "closed_at"])
    order.status = RevisionOrder.Status.EXECUTED
    order.executed_at = arrived_at
    order.save(update_fields=["status", "executed_at"])
    case = order.case
    intake_services.event_record(
        case=case, kind="visit.completed", actor=actor, public=True,
        summary=_("Visita técnica realizada; acta %(number)s") % {"number": acta.number},
        data={"order_id": order.pk, "visit_id": visit.pk, "acta_id": acta.pk,
              "anomalies": acta.anomalies, "meter_serial": acta.meter_serial},
    )
    _acta_publish(acta=acta, actor=actor)
    _resume_if_last(order=order, actor=actor)
    return acta


def _acta_create(*, order, visit, actor, arrived_at, departed_at, data, seals, sig_att, sig_brig,
                 corrects: Acta | None = None, correction_reason: str = "") -> Acta:
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
                correction_reason=correction_reason, **values)
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
        # The suspension ends by itself (SYSTEM): whoever closed the last order
        # (a brigadista's acta) need not be allowed to adjust terms. compliance
        # records the term.resumed event with the new due date.
        compliance_services.term_resume(term=adj.term, ends_on=timezone.localdate(), actor=None)
    if case.status == CaseStatus.EN_PRUEBAS:
        intake_services.case_transition(case=case, to_status=CaseStatus.EN_TRAMITE, actor=actor,
                                        note=_("Pruebas practicadas: orden %s") % order.number)


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
                       sig_brig=sig_brig, corrects=acta, correction_reason=reason)
    for photo in acta.photos.all():
        ActaPhoto.objects.create(acta=new, image=photo.image.name,
                                 original_name=photo.original_name, sha256=photo.sha256,
                                 width=photo.width, height=photo.height, taken_at=photo.taken_at,
                                 latitude=photo.latitude, longitude=photo.longitude)
    intake_services.event_record(
        case=order.case, kind="acta.corrected", actor=actor, public=True,
        summary=_("Acta %(old)s corregida por el acta %(new)s") % {"old": acta.number,
                                                                    "new": new.number},
        data={"acta_id": new.pk, "corrects_id": acta.pk, "reason": reason,
              "changes": {k: str(v) for k, v in changes.items()}},
    )
    _acta_publish(acta=new, actor=actor)
    return new
