"""The event kinds habeas writes (caserecord.kinds registry). No personal data in data."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from caserecord.kinds import register


def _anonymised(data) -> str:
    return _("Supresión de datos: %(cases)s casos anonimizados, %(kept)s conservados por "
             "retención legal; registro del usuario %(customer)s") % {
        "cases": len(data.get("anonymised", [])), "kept": len(data.get("kept", [])),
        "customer": _("anonimizado") if data.get("customer_anonymised") else _("conservado")}


register(
    "habeas",
    ("habeas.filed", L("Solicitud sobre datos personales"), True,
     L("Solicitud del titular sobre sus datos personales, identificada con el radicado "
       "%(identified_by)s")),
    ("habeas.access_report", L("Reporte de datos personales generado"), False,
     L("Reporte de los datos del titular generado (PDF y JSON): %(cases)s casos")),
    ("habeas.anonymised", L("Datos personales suprimidos"), True, _anonymised),
)
