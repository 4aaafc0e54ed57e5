"""The event kinds reports writes (caserecord.kinds registry)."""

from django.utils.translation import gettext_lazy as L

from caserecord.kinds import register

register(
    "reports",
    ("report.target_changed", L("Meta de indicador modificada"), False,
     L("Meta de %(code)s: %(old)s → %(new)s")),
    ("report.sui_generated", L("Archivo SUI generado"), False,
     L("SUI de %(month)s: %(rows)s filas, %(invalid)s con problemas")),
    ("report.management_generated", L("Informe de gestión generado"), False,
     L("Informe de gestión de %(month)s generado")),
    ("report.management_status", L("Informe de gestión: cambio de estado"), False,
     L("Informe de gestión de %(month)s: %(from)s → %(to)s")),
    ("report.survey_sent", L("Encuesta de satisfacción enviada"), False,
     L("Encuesta de satisfacción enviada por el cierre de %(radicado)s")),
    ("report.survey_answered", L("Encuesta de satisfacción respondida"), False,
     L("Encuesta respondida: calificación general %(overall)s de 5")),
    ("report.price_set", L("Precio unitario registrado"), False,
     L("Precio de %(activity)s desde %(valid_from)s: %(price)s")),
    ("report.billing_created", L("Cuenta de cobro generada"), False,
     L("Cuenta de cobro %(number)s generada por %(total)s")),
    ("report.billing_status", L("Cuenta de cobro: cambio de estado"), False,
     L("Cuenta de cobro %(number)s: %(from)s → %(to)s")),
    ("report.novelty_added", L("Novedad de nómina registrada"), False,
     L("Novedad %(kind)s del %(day)s: %(hours)s horas")),
)
