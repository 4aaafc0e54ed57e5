"""The event kinds compliance writes (caserecord.kinds registry)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from caserecord.kinds import register


def _cause(data) -> str:
    from compliance.models import TermAdjustment

    causes = dict(TermAdjustment.Cause.choices)
    # Older rows may name "traslado", no longer a cause: shown as stored.
    return _("Término suspendido desde el %(day)s: %(cause)s") % {
        "day": data["starts_on"], "cause": causes.get(data["cause"], data["cause"])}


def _resumed(data) -> str:
    if data.get("reason") == "limit":
        return _("Suspensión terminada al cumplirse su duración máxima; el término vence el "
                 "%(due_date)s") % data
    return _("Término reanudado; vence el %(due_date)s") % data


def _communicated(data) -> str:
    from compliance.models import TermAdjustment

    causes = dict(TermAdjustment.Cause.choices)
    channel = _("correo electrónico") if data.get("channel") == "email" else _("correo postal")
    return _("Comunicación al peticionario despachada por %(channel)s (%(cause)s)") % {
        "channel": channel, "cause": causes.get(data["cause"], data["cause"])}


def _lapsed(data) -> str:
    from compliance.models import Term

    purposes = dict(Term.Purpose.choices)
    return _("%(purpose)s vencido el %(due_date)s sin cumplirse.") % {
        "purpose": purposes.get(data.get("purpose"), data.get("purpose")),
        "due_date": data["due_date"]}


def _nc_status(data) -> str:
    from compliance.models import NonConformity

    return _("No conformidad: %(to)s") % {"to": NonConformity.Status(data["to"]).label}


register(
    "compliance",
    ("nonconformity.status_changed", L("Cambio de estado de la no conformidad"), False,
     _nc_status),
    ("term.suspended", L("Suspensión del término"), True, _cause),
    ("term.resumed", L("Reanudación del término"), True, _resumed),
    ("term.adjustment_communicated", L("Comunicación de la suspensión o prórroga"), True,
     _communicated),
    ("term.lapsed", L("Término vencido sin cumplirse"), False, _lapsed),
    ("term.extended", L("Prórroga del término"), True,
     L("Término prorrogado %(extra_days)s días hábiles; vence el %(due_date)s")),
    ("term.expired", L("Término vencido"), False,
     L("Término de respuesta vencido el %(due_date)s sin respuesta notificada.")),
    ("case.sap_risk", L("Riesgo de silencio administrativo positivo"), False,
     L("Riesgo de silencio administrativo positivo: el término venció el %(due_date)s sin "
       "respuesta notificada. Reconocer sus efectos en 72 horas.")),
    ("closure.saved", L("Cierre de la empresa guardado"), False,
     L("Cierre del %(date)s (%(name)s); adoptado formalmente: %(adopted)s")),
    ("closure.deleted", L("Cierre de la empresa eliminado"), False,
     L("Cierre del %(date)s eliminado")),
)
