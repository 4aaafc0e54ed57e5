"""The traslado of the apelación to the SSPD: its term, the expediente PDF, its outcome."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from functools import partial

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance import services as compliance_services
from intake import services as intake_services
from intake.models import Attachment, Case
from pqr_portal.access import require
from responses import pdf, policy
from responses.models import (
    ExpedienteState,
    Notification,
    Recurso,
    SspdRemission,
)

logger = logging.getLogger(__name__)

# A request waiting this long was not picked up (broker or worker down): the beat sends it
# again, up to EXPEDIENTE_MAX_ATTEMPTS times in all.
EXPEDIENTE_RETRY_AFTER = timedelta(minutes=5)
EXPEDIENTE_MAX_ATTEMPTS = 3


@transaction.atomic
def remission_open(*, recurso: Recurso, at: datetime) -> SspdRemission:
    """Open the traslado of the apelación to the SSPD with its term (setting, days)."""
    existing = SspdRemission.objects.filter(recurso=recurso).first()
    if existing is not None:
        return existing
    term = compliance_services.sspd_remission_term_open(case_id=recurso.case_id, at=at)
    remission = SspdRemission.objects.create(recurso=recurso, term=term)
    event_record(
        case=recurso.case, kind="sspd.remission_opened", actor=None,
        data={"remission_id": remission.pk, "due_date": term.due_date},
    )
    return remission


def _attachment_pdf(att: Attachment) -> bytes:
    with att.file.open("rb") as fh:
        content = fh.read()
    if att.content_type == "application/pdf":
        return content
    rows = [(_("Archivo"), att.original_name), (_("Tipo"), att.get_kind_display()),
            (_("SHA-256"), att.sha256)]
    if att.content_type.startswith("image/"):
        return pdf.render_document_pdf(title=att.original_name, rows=rows, image_bytes=content,
                                       image_mime=att.content_type)
    rows.append((_("Nota"), _("Formato no imprimible: el archivo original se entrega aparte.")))
    return pdf.render_document_pdf(title=att.original_name, rows=rows)


def _request_pdf(case: Case) -> bytes:
    return pdf.render_document_pdf(title=_("Solicitud %(r)s") % {"r": case.radicado}, rows=[
        (_("Tipo"), case.get_kind_display()),
        (_("Radicada el"), timezone.localtime(case.filed_at).strftime("%d/%m/%Y %H:%M")),
        (_("Usuario"), f"{case.customer.full_name} ({case.customer.id_type} "
                       f"{case.customer.id_number})"),
        (_("Cuenta"), case.account_number or "—"),
        (_("Causal"), str(case.causal or "—")),
        (_("Asunto"), case.subject or "—"),
        (_("Texto de la solicitud"), case.description),
    ])


def _notification_pdf(notification: Notification) -> bytes:
    def fmt(v):
        return timezone.localtime(v).strftime("%d/%m/%Y %H:%M") if v else "—"

    return pdf.render_document_pdf(
        title=_("Constancia de notificación de %(r)s") % {"r": notification.letter.outgoing_radicado},
        rows=[(_("Medio"), notification.get_channel_display()),
              (_("Forma"), notification.get_method_display() or "—"),
              (_("Correo enviado"), fmt(notification.email_sent_at)),
              (_("Abierto por el usuario"), fmt(notification.opened_at)),
              (_("Citación enviada"), fmt(notification.citation_sent_at)),
              (_("Compareció"), fmt(notification.appeared_at)),
              (_("Recibió"), notification.received_by_name or "—"),
              (_("Aviso enviado"), fmt(notification.aviso_sent_at)),
              (_("Aviso entregado"), fmt(notification.aviso_delivered_at)),
              (_("Notificada el"), fmt(notification.notified_at))])


def expediente_documents(recurso: Recurso) -> list[dict]:
    """
    Return the documents of the expediente in order, each with title, date and PDF.

    For the decided case and then the recurso: the request, each of its files
    in the order received, and right after each issued letter its notification.
    """
    docs = []
    for case in (recurso.decision_letter.case, recurso.case):
        docs.append({"title": _("Solicitud %(r)s (%(k)s)") % {"r": case.radicado,
                                                              "k": case.get_kind_display()},
                     "date": timezone.localtime(case.filed_at), "sha256": "",
                     "pdf": _request_pdf(case)})
        letters = {lt.attachment_id: lt for lt in case.letters.select_related("notification")}
        for att in case.attachments.order_by("uploaded_at", "pk"):
            if att.description.startswith("Expediente"):
                continue
            letter = letters.get(att.pk)
            title = (_("Respuesta %(r)s") % {"r": letter.outgoing_radicado} if letter
                     else f"{att.get_kind_display()}: {att.original_name}")
            docs.append({"title": title, "date": timezone.localtime(att.uploaded_at),
                         "sha256": att.sha256, "pdf": _attachment_pdf(att)})
            notification = getattr(letter, "notification", None) if letter else None
            if notification is not None:
                docs.append({"title": _("Constancia de notificación de %(r)s")
                             % {"r": letter.outgoing_radicado},
                             "date": timezone.localtime(notification.notified_at)
                             if notification.notified_at else "", "sha256": "",
                             "pdf": _notification_pdf(notification)})
    return docs


def _readable(doc: dict) -> int:
    """Return the page count of a document of the expediente, or refuse it in words."""
    try:
        return pdf.page_count(doc["pdf"])
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a malformed file
        logger.warning("expediente: unreadable document %r: %r", str(doc["title"]), exc)
        raise ValidationError(
            _("El documento «%(t)s» no se pudo leer como PDF (está dañado o no es un PDF "
              "válido). Reemplácelo por una copia legible y genere el expediente de nuevo.")
            % {"t": doc["title"]}, code="unreadable_pdf")


def build_expediente_pdf(recurso: Recurso, *,
                         deadline: float | None = None) -> tuple[bytes, list[dict]]:
    """
    Return the expediente PDF (index first, then every document) and its index.

    Raise ValidationError, in words, when a document is not a readable PDF or
    when the work passes `deadline` (time.monotonic()).
    """
    docs = expediente_documents(recurso)
    counts = []
    for d in docs:
        if deadline is not None and time.monotonic() > deadline:
            raise ValidationError(_("El expediente tardó demasiado en generarse."),
                                  code="too_slow")
        counts.append(_readable(d))

    def index_rows(offset: int) -> list[dict]:
        rows, page = [], offset + 1
        for d, n in zip(docs, counts, strict=True):
            date = d["date"].strftime("%d/%m/%Y %H:%M") if d["date"] else "—"
            rows.append({"title": str(d["title"]), "date": date, "first_page": page,
                         "last_page": page + n - 1, "sha256": d["sha256"]})
            page += n
        return rows

    title = _("Expediente para la SSPD · recurso %(r)s") % {"r": recurso.case.radicado}
    index_pdf = pdf.render_document_pdf(title=title, index=index_rows(1))
    index_pages = pdf.page_count(index_pdf)
    if index_pages != 1:
        index_pdf = pdf.render_document_pdf(title=title, index=index_rows(index_pages))
    index = index_rows(index_pages)
    try:
        merged = pdf.merge_pdfs([index_pdf, *[d["pdf"] for d in docs]])
    except Exception as exc:  # noqa: BLE001 - a document pypdf counted but cannot copy
        logger.warning("expediente of recurso %s: merge failed: %r", recurso.pk, exc)
        raise ValidationError(_("Uno de los documentos no se pudo unir al expediente (PDF "
                                "dañado o no admitido). Revise los anexos del caso y genere "
                                "de nuevo."), code="merge_failed")
    return merged, index


def remission_next_step(remission: SspdRemission) -> str | None:
    """
    The one step of the traslado that may be recorded now, in order: "build" the
    expediente (again, until it is sent), "sent", "decision", "complied"; None
    when the traslado is over. The page shows only this step and the services
    refuse any other. "building" while the expediente is being assembled in the
    background (nothing may be recorded until it is ready or failed).
    """
    if remission.sent_at is None:
        if remission.expediente_state in (ExpedienteState.EN_ESPERA, ExpedienteState.EN_CURSO):
            return "building"
        return "sent" if remission.expediente_id else "build"
    if not remission.sspd_decision:
        return "decision"
    if remission.complied_at is None:
        return "complied"
    return None


def _require_step(remission: SspdRemission, step: str, *, also: tuple[str, ...] = ()) -> None:
    if remission_next_step(remission) == "building" and "building" not in (step, *also):
        raise ValidationError(_("El expediente se está generando: espere a que esté listo."))
    if remission_next_step(remission) not in (step, *also):
        messages = {
            "build": _("El expediente ya se envió a la SSPD: no se puede generar de nuevo."),
            "sent": _("Genere primero el expediente.") if remission.expediente_id is None
            else _("El envío a la SSPD ya está registrado."),
            "decision": _("Registre primero el envío del expediente a la SSPD.")
            if remission.sent_at is None else _("La decisión de la SSPD ya está registrada."),
            "complied": _("Registre primero la decisión de la SSPD.")
            if not remission.sspd_decision else _("El cumplimiento ya está registrado."),
        }
        raise ValidationError(messages[step])


def remission_build_expediente(*, remission: SspdRemission, actor,
                               deadline: float | None = None) -> SspdRemission:
    """
    Assemble and store the expediente PDF on the recurso case (until it is sent), now.

    The PDFs are read and merged outside any transaction; only storing takes
    the row lock. Raises ValidationError, in words, for an unreadable document.
    Pages call remission_request_expediente, which runs this in a Celery task.
    """
    require(policy.can_manage_sspd(actor, remission))
    _require_step(remission, "build", also=("sent", "building"))
    content, index = build_expediente_pdf(remission.recurso, deadline=deadline)
    return _expediente_store(remission_id=remission.pk, actor=actor, content=content,
                             index=index)


@transaction.atomic
def _expediente_store(*, remission_id: int, actor, content: bytes,
                      index: list[dict]) -> SspdRemission:
    remission = SspdRemission.objects.select_for_update().get(pk=remission_id)
    _require_step(remission, "build", also=("sent", "building"))
    recurso = remission.recurso
    att = intake_services.attachment_add_bytes(
        case=recurso.case, name=f"expediente-sspd-{recurso.case.radicado}.pdf", content=content,
        mime="application/pdf", actor=actor, kind=Attachment.Kind.OTRO,
        description="Expediente SSPD",
    )
    remission.expediente = att
    remission.expediente_index = index
    fields = ["expediente", "expediente_index"]
    if remission.expediente_state:
        remission.expediente_state = ExpedienteState.LISTO
        remission.expediente_error = ""
        fields += ["expediente_state", "expediente_error"]
    remission.save(update_fields=fields)
    return remission


@transaction.atomic
def remission_request_expediente(*, remission: SspdRemission, actor) -> SspdRemission:
    """
    Ask for the expediente to be assembled in the background (Celery, after commit).

    The documents include PDFs citizens uploaded: reading them may be slow or
    fail, so it never happens in the web request. The page shows the state
    (en espera, en preparación, listo, falló with its reason).
    """
    require(policy.can_manage_sspd(actor, remission))
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    _require_step(remission, "build", also=("sent",))
    remission.expediente_state = ExpedienteState.EN_ESPERA
    remission.expediente_error = ""
    remission.expediente_requested_at = timezone.now()
    remission.expediente_requested_by = actor
    remission.expediente_attempts = 0
    remission.save(update_fields=["expediente_state", "expediente_error",
                                  "expediente_requested_at", "expediente_requested_by",
                                  "expediente_attempts"])
    event_record(case=remission.recurso.case, kind="sspd.expediente_requested", actor=actor,
                 data={"remission_id": remission.pk})
    transaction.on_commit(partial(expediente_dispatch, remission_id=remission.pk))
    return remission


def expediente_dispatch(*, remission_id: int) -> None:
    """Hand the assembly to Celery; if the broker is down, the beat retry sends it later."""
    try:
        expediente_build_task.delay(remission_id=remission_id)
    except Exception:  # noqa: BLE001 - any broker failure: the request stays en espera
        logger.warning("broker unavailable; expediente of remission %s waits", remission_id,
                       exc_info=True)


def _expediente_fail(remission_id: int, message: str) -> None:
    with transaction.atomic():
        remission = SspdRemission.objects.select_for_update().get(pk=remission_id)
        remission.expediente_state = ExpedienteState.FALLIDO
        remission.expediente_error = message
        remission.save(update_fields=["expediente_state", "expediente_error"])
        event_record(case=remission.recurso.case, kind="sspd.expediente_failed", actor=None,
                     data={"remission_id": remission_id})


def expediente_build(*, remission_id: int) -> bool:
    """
    The task's body: assemble the expediente asked for; return True when it is ready.

    A malformed or hostile document, a time-out or any other failure leaves the
    state "fallido" with a reason the page shows; nothing is raised.
    """
    with transaction.atomic():
        remission = SspdRemission.objects.select_for_update().get(pk=remission_id)
        if remission.expediente_state not in (ExpedienteState.EN_ESPERA,
                                              ExpedienteState.EN_CURSO):
            return remission.expediente_state == ExpedienteState.LISTO
        remission.expediente_state = ExpedienteState.EN_CURSO
        remission.expediente_attempts += 1
        remission.save(update_fields=["expediente_state", "expediente_attempts"])
    deadline = time.monotonic() + settings.PQR_EXPEDIENTE_TIME_LIMIT
    try:
        remission_build_expediente(remission=remission, actor=remission.expediente_requested_by,
                                   deadline=deadline)
    except ValidationError as exc:
        _expediente_fail(remission_id, " ".join(exc.messages))
        return False
    except SoftTimeLimitExceeded:
        _expediente_fail(remission_id, str(_("El expediente tardó demasiado en generarse.")))
        return False
    except Exception:  # noqa: BLE001 - logged; the page says it failed, never a 500
        logger.exception("expediente of remission %s failed", remission_id)
        _expediente_fail(remission_id, str(_(
            "No se pudo generar el expediente por un error inesperado; ya quedó registrado. "
            "Intente de nuevo o avise a soporte.")))
        return False
    event_record(case=remission.recurso.case, kind="sspd.expediente_built", actor=None,
                 data={"remission_id": remission_id})
    return True


def expedientes_retry_pending(*, now: datetime | None = None) -> int:
    """Send again the requests nobody picked up (or whose worker died); return how many."""
    now = now or timezone.now()
    stale = now - EXPEDIENTE_RETRY_AFTER
    late = now - timedelta(seconds=settings.PQR_EXPEDIENTE_TIME_LIMIT) - EXPEDIENTE_RETRY_AFTER
    ids = list(SspdRemission.objects.filter(
        expediente_state=ExpedienteState.EN_ESPERA, expediente_requested_at__lte=stale,
    ).values_list("pk", flat=True)[:100])
    for remission in SspdRemission.objects.filter(
            expediente_state=ExpedienteState.EN_CURSO, expediente_requested_at__lte=late)[:100]:
        if remission.expediente_attempts >= EXPEDIENTE_MAX_ATTEMPTS:
            _expediente_fail(remission.pk, str(_(
                "No se pudo generar el expediente tras %(n)s intentos: revise los anexos del "
                "caso (un PDF dañado o demasiado grande) y genere de nuevo.")
                % {"n": EXPEDIENTE_MAX_ATTEMPTS}))
            continue
        SspdRemission.objects.filter(pk=remission.pk).update(
            expediente_state=ExpedienteState.EN_ESPERA)
        ids.append(remission.pk)
    for pk in ids:
        expediente_dispatch(remission_id=pk)
    return len(ids)


# Celery entry points beside their services (responses.tasks re-exports them). The hard
# limit kills a worker stuck in a hostile PDF; the soft one lets the task record why.
@shared_task(name="responses.tasks.expediente_build_task", acks_late=True,
             soft_time_limit=settings.PQR_EXPEDIENTE_TIME_LIMIT,
             time_limit=settings.PQR_EXPEDIENTE_TIME_LIMIT + 30)
def expediente_build_task(*, remission_id: int) -> bool:
    return expediente_build(remission_id=remission_id)


@shared_task(name="responses.tasks.expedientes_retry_task")
def expedientes_retry_task() -> int:
    return expedientes_retry_pending()


@transaction.atomic
def remission_record_sent(*, remission: SspdRemission, actor, sent_at: datetime,
                          sspd_radicado: str = "") -> SspdRemission:
    require(policy.can_manage_sspd(actor, remission))
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    _require_step(remission, "sent")
    remission.sent_at = sent_at
    remission.sspd_radicado = sspd_radicado
    remission.save(update_fields=["sent_at", "sspd_radicado"])
    if remission.term is not None:
        compliance_services.term_meet(term=remission.term, met_at=sent_at,
                                      how=_("Expediente enviado a la SSPD"))
    event_record(
        case=remission.recurso.case, kind="sspd.sent", actor=actor,
        data={"remission_id": remission.pk, "sspd_radicado": sspd_radicado},
    )
    return remission


@transaction.atomic
def remission_record_decision(*, remission: SspdRemission, actor, decision: str, text: str,
                              decided_on, sspd_radicado: str = "") -> SspdRemission:
    require(policy.can_manage_sspd(actor, remission))
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    _require_step(remission, "decision")
    remission.sspd_decision = decision
    remission.sspd_decision_text = text
    remission.sspd_decided_at = decided_on
    if sspd_radicado:
        remission.sspd_radicado = sspd_radicado
    remission.save()
    event_record(
        case=remission.recurso.case, kind="sspd.decided", actor=actor,
        data={"remission_id": remission.pk, "decision": decision},
    )
    return remission


@transaction.atomic
def remission_record_compliance(*, remission: SspdRemission, actor, complied_at: datetime,
                                note: str) -> SspdRemission:
    require(policy.can_manage_sspd(actor, remission))
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    _require_step(remission, "complied")
    remission.complied_at = complied_at
    remission.compliance_note = note
    remission.save(update_fields=["complied_at", "compliance_note"])
    event_record(
        case=remission.recurso.case, kind="sspd.complied", actor=actor,
        data={"remission_id": remission.pk},
    )
    return remission
