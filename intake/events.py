"""The event kinds intake writes (caserecord.kinds registry)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from caserecord.kinds import register
from intake.choices import CaseStatus, Channel


def _status(data) -> str:
    return _("Estado: %(to)s") % {"to": CaseStatus(data["to"]).label}


def _filed(data) -> str:
    return _("Solicitud radicada por el canal %(channel)s") % {
        "channel": Channel(data["channel"]).label}


def _annulled(data) -> str:
    text = _("Caso anulado")
    if data.get("duplicate_of") not in (None, "", "—"):
        text = _("Caso anulado por duplicado de %(r)s") % {"r": data["duplicate_of"]}
    if data.get("terms_cancelled") not in (None, "", "—", []):
        text += " · " + _("términos en curso cancelados: %(n)s") % {
            "n": len(data["terms_cancelled"]) if isinstance(data["terms_cancelled"], list)
            else data["terms_cancelled"]}
    return text


def _received(data) -> str:
    return _("Documento recibido el %(day)s y radicado después: %(reason)s") % {
        "day": data["received_on"], "reason": data["reason"]}


def _agreement_status(data) -> str:
    from intake.models import PaymentAgreement

    return _("Acuerdo %(number)s: %(status)s") % {
        "number": data["number"], "status": PaymentAgreement.Status(data["to"]).label}


def _receipt(data) -> str:
    if data["emailed_to"] not in ("—", ""):
        return _("Constancia de radicación enviada a %(to)s") % {"to": data["emailed_to"]}
    return _("Constancia de radicación generada")


def _contact_accepted(data) -> str:
    from intake.models import Customer

    fields = ", ".join(str(Customer._meta.get_field(f).verbose_name) for f in data["changes"])
    return _("Registro del usuario actualizado con los datos de la radicación: %(fields)s") % {
        "fields": fields}


def _corrected(data) -> str:
    from intake.models import Customer

    fields = ", ".join(str(Customer._meta.get_field(f).verbose_name) for f in data["fields"])
    return _("Datos del titular corregidos: %(fields)s") % {"fields": fields or "—"}


register(
    "intake",
    ("case.filed", L("Radicación"), True, _filed),
    ("case.public_contact", L("Datos de contacto escritos en el formulario web")),
    ("case.bill_over_five_months", L("Factura de más de cinco meses"), False,
     L("La factura tiene más de cinco meses (Ley 142, art. 154): revisar procedencia")),
    ("case.status_changed", L("Cambio de estado"), False, _status),
    ("customer.contact_accepted", L("Datos del usuario conciliados"), False, _contact_accepted),
    ("case.note", L("Nota de seguimiento")),
    ("case.annulled", L("Anulación"), False, _annulled),
    ("case.received_earlier", L("Fecha de recibo anterior a la radicación"), False, _received),
    ("case.assigned", L("Asignación"), False, L("Asignado a %(name)s")),
    ("case.quick_answer", L("Respuesta en primer contacto"), True,
     L("Respuesta en primer contacto (%(topic_label)s)")),
    ("case.receipt_issued", L("Constancia de radicación"), False, _receipt),
    ("attachment.added", L("Anexo agregado"), False, L("Anexo agregado: %(name)s")),
    ("attachment.generated", L("Documento generado"), False, L("Documento generado: %(name)s")),
    ("attachment.published", L("Documento publicado"), False,
     L("Documento disponible para el ciudadano: %(name)s")),
    ("agreement.created", L("Acuerdo de pago"), False, L("Acuerdo de pago %(number)s")),
    # Habeas data (Ley 1581): what was corrected or erased, by field name or count only.
    ("customer.corrected", L("Corrección de datos del titular"), True, _corrected),
    ("case.personal_data_erased", L("Datos personales suprimidos del caso"), False,
     L("Datos personales del caso suprimidos por la solicitud %(request)s "
       "(%(files_deleted)s archivos eliminados)")),
    ("customer.personal_data_erased", L("Registro del usuario anonimizado"), False,
     L("Registro del usuario anonimizado por la solicitud %(request)s")),
    ("agreement.status_changed", L("Cambio de estado del acuerdo"), False, _agreement_status),
    ("team.saved", L("Equipo de trabajo"), False, L("Equipo %(name)s guardado")),
)
