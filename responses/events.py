"""The event kinds responses writes (caserecord.kinds registry)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from caserecord.kinds import register


def _drafted(data) -> str:
    if data["template_name"] not in ("—", ""):
        return _("Proyecto de respuesta iniciado (%(name)s)") % {"name": data["template_name"]}
    return _("Proyecto de respuesta iniciado")


def _ruling(data) -> str:
    from responses.models import TutelaRecord

    text = _("Fallo de tutela: %(r)s") % {"r": TutelaRecord.Ruling(data["ruling"]).label}
    if "term_amount" in data:
        text = _("%(text)s; cumplir en %(n)s %(unit)s, a más tardar el %(due)s") % {
            "text": text, "n": data["term_amount"],
            "unit": TutelaRecord.TermUnit(data["term_unit"]).label,
            # In hours the instant counts; in days the whole last day.
            "due": data["due_at"] if data["term_unit"] == "hours" else data["due_date"]}
    return text


def _citation_sent(data) -> str:
    if "guide" in data:
        return _("Citación despachada el %(at)s con la guía %(guide)s; puede presentarse hasta "
                 "el %(due)s") % {"at": data["dispatched_at"], "guide": data["guide"],
                                 "due": data["appearance_due_date"]}
    return _("Citación para notificación personal enviada; puede presentarse hasta el "
             "%(appearance_due_date)s") % data


def _sap_outcome(data) -> str:
    from responses.models import SapRecognition

    return _("SAP: %(o)s") % {"o": SapRecognition.Outcome(data["outcome"]).label}


def _notified(data) -> str:
    from responses.models import Notification

    return _("Respuesta notificada (%(m)s)") % {"m": Notification.Method(data["method"]).label}


def _sap_risk(data) -> str:
    cause = data["cause"]
    if cause == "email_unopened":
        return _("Riesgo de silencio positivo: el usuario no abrió la notificación electrónica; "
                 "envíe citación")
    if cause == "citation_sent_late":
        return _("Riesgo de silencio positivo: la citación se envió después de los 5 días "
                 "hábiles")
    return _("Riesgo de silencio positivo: la citación no se envió a tiempo")


def _sspd_sent(data) -> str:
    if data["sspd_radicado"] not in ("—", ""):
        return _("Expediente enviado a la SSPD (%(r)s)") % {"r": data["sspd_radicado"]}
    return _("Expediente enviado a la SSPD")


def _sspd_decided(data) -> str:
    from responses.models import AnswerKind

    return _("La SSPD decidió la apelación: %(d)s") % {"d": AnswerKind(data["decision"]).label}


def _communication(data) -> str:
    from responses.models import Communication

    return _("Comunicación %(r)s emitida: %(p)s") % {
        "r": data["outgoing_radicado"], "p": Communication.Purpose(data["purpose"]).label}


register(
    "responses",
    ("communication.issued", L("Comunicación al peticionario emitida"), True, _communication),
    ("communication.dispatched", L("Comunicación al peticionario despachada"), True,
     L("Comunicación %(outgoing_radicado)s despachada")),
    ("communication.failed", L("Comunicación electrónica no entregada"), False,
     L("El correo de la comunicación %(outgoing_radicado)s no se pudo entregar: envíela por "
       "correo postal y registre el envío.")),
    ("notification.email_queued", L("Notificación electrónica en cola"), False,
     L("Correo de notificación en cola para %(to)s (aún no enviado)")),
    ("notification.email_failed", L("Notificación electrónica fallida"), False,
     L("El correo de notificación no se pudo entregar: la notificación sigue por citación o "
       "publicación.")),
    # Drafting and review (staff only).
    ("response.drafted", L("Proyecto de respuesta"), False, _drafted),
    ("response.saved", L("Respuesta guardada"), False,
     L("Respuesta guardada (versión %(version)s)")),
    ("response.submitted", L("Respuesta enviada a revisión"), False,
     L("Respuesta enviada a revisión")),
    # note: the coordinator's observations.
    ("response.returned", L("Respuesta devuelta"), False,
     L("Respuesta devuelta con observaciones")),
    ("response.approved", L("Respuesta aprobada"), False, L("Respuesta aprobada")),
    ("response.issued", L("Respuesta emitida"), True,
     L("Respuesta emitida con radicado de salida %(outgoing_radicado)s")),
    # Acts that take a case off the clock (responses.services.acts).
    ("act.requerimiento_sent", L("Requerimiento para completar"), True,
     L("Requerimiento %(outgoing_radicado)s: el peticionario tiene hasta el %(month_due)s para "
       "completar la solicitud; el término de respuesta queda suspendido")),
    ("act.completion_extended", L("Prórroga para completar"), True,
     L("El peticionario pidió prórroga: tiene hasta el %(due_date)s para completar la "
       "solicitud (antes, hasta el %(previous_due)s)")),
    ("act.completed", L("Solicitud completada"), True,
     L("El peticionario completó la solicitud; el término de respuesta vence el %(due_date)s")),
    ("act.desistimiento_expreso", L("Desistimiento expreso"), True,
     L("El peticionario desistió por escrito; archivo %(outgoing_radicado)s")),
    ("act.traslado", L("Traslado por competencia"), True,
     L("Trasladado por competencia a %(entity)s (oficio %(oficio)s, comunicación "
       "%(communication)s)")),
    # Tutelas and SAP recognitions.
    ("tutela.order", L("Orden del juez"), False, L("Orden del juez registrada")),
    ("tutela.answered", L("Contestación de la tutela"), False,
     L("Contestación de la tutela radicada")),
    ("tutela.ruling", L("Fallo de tutela"), False, _ruling),
    ("tutela.complied", L("Cumplimiento del fallo"), False,
     L("Cumplimiento del fallo registrado")),
    ("sap.opened", L("Reconocimiento de silencio positivo"), False,
     L("Reconocimiento de silencio positivo: 72 horas")),
    ("sap.outcome", L("Resultado del reconocimiento SAP"), False, _sap_outcome),
    # Recursos.
    ("recurso.filed", L("Recurso radicado"), True,
     L("Recurso radicado con el número %(radicado)s")),
    ("recurso.rejected", L("Recurso rechazado"), True,
     L("Recurso presentado fuera de término: se rechaza")),
    # Notification under CPACA.
    ("notification.email_sent", L("Notificación electrónica enviada"), True,
     L("Respuesta enviada por correo electrónico a %(to)s")),
    ("notification.opened", L("Notificación electrónica abierta"), True,
     L("El usuario abrió la respuesta notificada electrónicamente")),
    ("notification.citation_issued", L("Citación generada"), True,
     L("Citación %(outgoing_radicado)s generada para notificación personal; debe despacharse "
       "a más tardar el %(citation_due_date)s")),
    ("notification.citation_sent", L("Citación enviada"), True, _citation_sent),
    ("notification.aviso_sent", L("Aviso enviado"), True,
     L("Aviso enviado con copia íntegra de la respuesta")),
    ("notification.aviso_delivered", L("Aviso entregado"), True,
     L("Aviso entregado; la notificación se surte al final del %(completes_on)s")),
    ("notification.published", L("Aviso publicado"), True,
     L("Aviso publicado del %(published_from)s al %(published_until)s")),
    # Public only when the case keeps its state (the state change already tells the citizen).
    ("notification.completed", L("Respuesta notificada"), False, _notified),
    ("notification.sap_risk", L("Riesgo de silencio positivo en la notificación"), False,
     _sap_risk),
    # Traslado of the apelación to the SSPD.
    ("sspd.remission_opened", L("Traslado a la SSPD"), True,
     L("La apelación debe enviarse a la SSPD a más tardar el %(due_date)s")),
    ("sspd.expediente_requested", L("Expediente para la SSPD pedido"), False,
     L("Se pidió generar el expediente para la SSPD")),
    ("sspd.expediente_built", L("Expediente para la SSPD generado"), False,
     L("El expediente para la SSPD quedó listo")),
    ("sspd.expediente_failed", L("Expediente para la SSPD no generado"), False,
     L("No se pudo generar el expediente para la SSPD")),
    ("sspd.sent", L("Expediente enviado a la SSPD"), True, _sspd_sent),
    ("sspd.decided", L("Decisión de la SSPD"), True, _sspd_decided),
    ("sspd.complied", L("Cumplimiento de la decisión de la SSPD"), True,
     L("Cumplimiento de la decisión de la SSPD registrado")),
)
