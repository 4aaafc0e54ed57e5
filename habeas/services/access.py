"""
The holder's right of access (Ley 1581 de 2012 art. 14): everything the portal
holds about one customer, as JSON and as a PDF, attached to the request case.

The report covers the customer record, every case filed under it (what was
typed, how it is answered, the consents given, the documents, the events the
citizen sees, the letters and their notification, the field visits and
actas), the payment agreements and the e-mails sent. It is built from the
customer's own rows only: nothing of another customer enters it (tests try).
It is delivered the way any answer is (the letter, notified to the request's
channel), never shown on the public page. Like the answer letter of a habeas
case, it ends with where the holder may complain once the request is
exhausted: the SIC (Ley 1581 de 2012 art. 16).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caserecord.models import OutgoingEmail
from caserecord.services import event_record
from field_visits.models import Acta, RevisionOrder
from habeas import policy
from intake import services as intake_services
from intake.choices import CaseKind
from intake.models import Attachment, Case, Customer
from pqr_portal.access import require
from responses.models import IssuedLetter
from responses.services.common import sic_complaint_text

ACCESS_KINDS = frozenset({CaseKind.DATOS_CONSULTA})
IDENTITY_NOT_VERIFIED = gettext_lazy("Confirme que verificó la identidad del titular antes de "
                                     "entregar sus datos (Decreto 1377 de 2013).")


def _when(value):
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _customer(c: Customer) -> dict:
    return {
        "tipo_documento": c.id_type, "numero_documento": c.id_number,
        "nombres": c.first_name, "apellidos": c.last_name, "razon_social": c.business_name,
        "telefono": c.phone, "correo": c.email, "direccion": c.address,
        "municipio": c.municipality.name if c.municipality else "",
        "estrato": c.estrato, "cuentas": c.account_list,
        "registrado_el": _when(c.created_at), "actualizado_el": _when(c.updated_at),
    }


def _consent(case: Case) -> dict:
    return {
        "radicado": case.radicado,
        "tratamiento_de_datos": {
            "autorizo_el": _when(case.data_consent_at),
            "version_aviso": case.data_consent_version, "canal": case.data_consent_channel,
        } if case.data_consent_at else None,
        "notificacion_electronica_aceptada_el": _when(case.electronic_consent_at),
    }


def _letters(case: Case) -> list[dict]:
    out = []
    for letter in (IssuedLetter.objects.filter(case=case).select_related("notification")
                   .order_by("issued_at", "pk")):
        n = getattr(letter, "notification", None)
        out.append({
            "radicado_salida": letter.outgoing_radicado, "emitida_el": _when(letter.issued_at),
            "destinatario": letter.addressee, "codigo_verificacion": letter.verification_code,
            "notificacion": {
                "medio": n.get_channel_display(), "correo": n.email_to,
                "abierta_el": _when(n.opened_at), "comparecio_el": _when(n.appeared_at),
                "recibio": n.received_by_name,
            } if n else None,
        })
    return out


def _visits(case: Case) -> list[dict]:
    out = []
    for order in (RevisionOrder.objects.filter(case=case).prefetch_related("visits")
                  .order_by("created_at", "pk")):
        actas = Acta.objects.filter(order=order).order_by("arrived_at", "pk")
        out.append({
            "orden": order.number, "direccion": order.address, "cuenta": order.account_number,
            "estado": order.get_status_display(),
            "visitas": [{"fecha": v.planned_date.isoformat(), "estado": v.get_status_display()}
                        for v in order.visits.all()],
            "actas": [{
                "numero": a.number, "llegada": _when(a.arrived_at),
                "atencion": a.get_attendance_display(), "quien_atendio": a.attendant_name,
                "documento_quien_atendio": a.attendant_id_number,
                "relacion": a.attendant_relation, "observaciones_usuario": a.user_observations,
            } for a in actas],
        })
    return out


def _case(case: Case) -> dict:
    return {
        "radicado": case.radicado, "tipo": case.get_kind_display(),
        "canal": case.get_channel_display(), "estado": case.get_status_display(),
        "radicado_el": _when(case.filed_at), "asunto": case.subject,
        "descripcion": case.description, "cuenta": case.account_number,
        "factura": case.bill_number,
        "datos_escritos": case.typed_contact() if case.has_typed_contact else None,
        "notificacion": {"medio": case.get_notify_by_display(), "correo": case.notify_email,
                         "direccion": case.notify_address},
        "autorizaciones": _consent(case),
        "anexos": [{"nombre": a.original_name, "tipo": a.get_kind_display(),
                    "fecha": _when(a.uploaded_at), "sha256": a.sha256}
                   for a in case.attachments.all()],
        "eventos": [{"fecha": _when(e.created_at), "evento": str(e.label),
                     "detalle": e.summary}
                    for e in case.events.filter(public=True).order_by("created_at", "pk")],
        "cartas": _letters(case),
        "visitas": _visits(case),
        "correos_enviados": [
            {"fecha": _when(m.sent_at or m.created_at), "para": m.to, "asunto": m.subject}
            for m in OutgoingEmail.objects.filter(case=case).order_by("created_at", "pk")],
    }


def access_report_data(*, customer: Customer) -> dict:
    """Return everything held about `customer` (plain data, JSON-ready)."""
    cases = (Case.objects.filter(customer=customer).select_related("municipality")
             .prefetch_related("attachments").order_by("filed_at", "pk"))
    return {
        "responsable": settings.PQR_COMPANY_NAME,
        "generado_el": _when(timezone.now()),
        "fundamento": "Ley 1581 de 2012 art. 14 (consulta del titular)",
        "titular": _customer(customer),
        "autorizaciones": [_consent(c) for c in cases
                           if c.data_consent_at or c.electronic_consent_at],
        "casos": [_case(c) for c in cases],
        "acuerdos_de_pago": [
            {"numero": a.number, "cuenta": a.account_number, "estado": a.get_status_display(),
             "deuda": str(a.debt_amount), "cuotas": a.installments,
             "creado_el": _when(a.created_at)}
            for a in customer.payment_agreements.order_by("created_at", "pk")],
        # Ley 1581 art. 16: the SIC hears the holder once this request is exhausted.
        "queja_ante_la_sic": sic_complaint_text(),
    }


def access_report_json(data: dict) -> bytes:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def access_report_pdf(data: dict) -> bytes:
    """Render the report as a PDF: the same data as the JSON (the one fetcher: static only)."""
    from pqr_portal.pdf import html_to_pdf

    return html_to_pdf(render_to_string("habeas/pdf/access_report.html", {"r": data}))


@transaction.atomic
def access_report_issue(*, case: Case, actor, identity_verified: bool) -> list[Attachment]:
    """
    Attach the access report (PDF and JSON) of the holder of `case` to it.

    `case` is a consulta de datos personales. Staff confirm they verified the
    holder's identity (a web request is identified by radicado + tracking
    code of a filing whose document number nobody checked). The files stay
    internal until the answer that encloses them is notified; the event
    counts cases and names no personal data.
    """
    require(policy.can_issue_access_report(actor, case))
    if case.kind not in ACCESS_KINDS:
        raise ValidationError(_("El reporte de datos se genera en una consulta de datos "
                                "personales."))
    if not identity_verified:
        raise ValidationError({"identity_verified": str(IDENTITY_NOT_VERIFIED)})
    data = access_report_data(customer=case.customer)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    files = [
        intake_services.attachment_add_bytes(
            case=case, name=f"datos-personales-{case.radicado}-{stamp}.pdf",
            content=access_report_pdf(data), mime="application/pdf", actor=actor,
            kind=Attachment.Kind.RESPUESTA, description=_("Reporte de datos personales (PDF)")),
        intake_services.attachment_add_bytes(
            case=case, name=f"datos-personales-{case.radicado}-{stamp}.json",
            content=access_report_json(data), mime="application/json", actor=actor,
            kind=Attachment.Kind.RESPUESTA, description=_("Reporte de datos personales (JSON)")),
    ]
    event_record(case=case, kind="habeas.access_report", actor=actor,
                 data={"cases": len(data["casos"]), "attachments": [a.pk for a in files],
                       "identity_verified": True})
    return files
