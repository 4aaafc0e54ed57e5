"""The traslado of the apelación to the SSPD: its term, the expediente PDF, its outcome."""

from __future__ import annotations

from datetime import datetime

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
    Notification,
    Recurso,
    SspdRemission,
)


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


def build_expediente_pdf(recurso: Recurso) -> tuple[bytes, list[dict]]:
    """Return the expediente PDF (index first, then every document) and its index."""
    docs = expediente_documents(recurso)
    counts = [pdf.page_count(d["pdf"]) for d in docs]

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
    return pdf.merge_pdfs([index_pdf, *[d["pdf"] for d in docs]]), index


def remission_next_step(remission: SspdRemission) -> str | None:
    """
    The one step of the traslado that may be recorded now, in order: "build" the
    expediente (again, until it is sent), "sent", "decision", "complied"; None
    when the traslado is over. The page shows only this step and the services
    refuse any other.
    """
    if remission.sent_at is None:
        return "sent" if remission.expediente_id else "build"
    if not remission.sspd_decision:
        return "decision"
    if remission.complied_at is None:
        return "complied"
    return None


def _require_step(remission: SspdRemission, step: str, *, also: tuple[str, ...] = ()) -> None:
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


@transaction.atomic
def remission_build_expediente(*, remission: SspdRemission, actor) -> SspdRemission:
    """Assemble and store the expediente PDF on the recurso case (until it is sent)."""
    require(policy.can_manage_sspd(actor, remission))
    remission = SspdRemission.objects.select_for_update().get(pk=remission.pk)
    _require_step(remission, "build", also=("sent",))
    recurso = remission.recurso
    content, index = build_expediente_pdf(recurso)
    att = intake_services.attachment_add_bytes(
        case=recurso.case, name=f"expediente-sspd-{recurso.case.radicado}.pdf", content=content,
        mime="application/pdf", actor=actor, kind=Attachment.Kind.OTRO,
        description="Expediente SSPD",
    )
    remission.expediente = att
    remission.expediente_index = index
    remission.save(update_fields=["expediente", "expediente_index"])
    return remission


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
