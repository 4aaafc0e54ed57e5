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


def _label(model_path: str, attr: str, key: str):
    """A sentence part from a stored code: the label of that code, rendered in the reader's language."""
    def render(data):
        from django.apps import apps

        model = apps.get_model("compliance", model_path)
        try:
            return getattr(model, attr)(data[key]).label
        except (KeyError, ValueError):
            return data.get(key, "")
    return render


_nc_origin = _label("NonConformity", "Origin", "origin")
_action_to = _label("CorrectiveAction", "Status", "to")
_training_to = _label("Training", "Status", "to")
_plan_to = _label("ServicePlan", "Status", "to")
_support_to = _label("SupportRequest", "Status", "to")
_support_kind = _label("SupportRequest", "Kind", "kind")
_result = _label("NonConformity", "Result", "result")


def _link_what(data) -> str:
    return {"case": _("el caso"), "visit": _("la visita"), "person": _("la persona")}.get(
        data["what"], data["what"])


register(
    "compliance",
    ("nonconformity.linked", L("Involucrado agregado a la no conformidad"), False,
     lambda d: _("%(nc)s: se agregó %(what)s %(label)s") % {
         "nc": d["nc"], "what": _link_what(d), "label": d["label"]}),
    ("nonconformity.unlinked", L("Involucrado quitado de la no conformidad"), False,
     lambda d: _("%(nc)s: se quitó %(what)s %(label)s") % {
         "nc": d["nc"], "what": _link_what(d), "label": d["label"]}),
    ("nonconformity.opened", L("No conformidad registrada"), False,
     lambda d: _("No conformidad registrada (origen: %(origin)s)") % {"origin": _nc_origin(d)}),
    ("nonconformity.analysed", L("Análisis de causa raíz"), False,
     L("Análisis de causa raíz registrado; fecha límite %(due_date)s")),
    ("nonconformity.verified", L("Verificación de eficacia"), False,
     lambda d: _("Eficacia verificada el %(day)s: %(result)s") % {
         "day": d["verified_on"], "result": _result(d)}),
    ("action.added", L("Acción correctiva agregada"), False,
     L("Acción correctiva para %(owner)s, vence el %(due_date)s")),
    ("action.status_changed", L("Cambio de estado de una acción correctiva"), False,
     lambda d: _("Acción correctiva: %(to)s") % {"to": _action_to(d)}),
    ("training.scheduled", L("Capacitación programada"), False,
     L("Capacitación «%(topic)s» para %(person)s el %(planned_on)s")),
    ("training.status_changed", L("Cambio de estado de una capacitación"), False,
     lambda d: _("Capacitación «%(topic)s»: %(to)s") % {"topic": d["topic"],
                                                        "to": _training_to(d)}),
    ("checklist.saved", L("Lista de chequeo guardada"), False,
     L("Lista de chequeo %(code)s, versión %(version)s, con %(items)s puntos")),
    ("inspection.recorded", L("Inspección QHSE registrada"), False,
     L("Inspección «%(template)s»: %(failed)s puntos no cumplen, %(failed_critical)s críticos")),
    ("plan.drafted", L("Plan de servicio en borrador"), False,
     L("Plan de servicio versión %(version)s (%(period_start)s a %(period_end)s)")),
    ("plan.saved", L("Plan de servicio editado"), False,
     L("Plan guardado: %(indicators)s indicadores, %(resources)s recursos, "
       "%(activities)s actividades")),
    ("plan.status_changed", L("Cambio de estado del plan de servicio"), False,
     lambda d: _("Plan de servicio: %(to)s") % {"to": _plan_to(d)}),
    ("support_request.opened", L("Solicitud a proceso de apoyo"), False,
     lambda d: _("Solicitud registrada: %(kind)s") % {"kind": _support_kind(d)}),
    ("support_request.status_changed", L("Cambio de estado de la solicitud"), False,
     lambda d: _("Solicitud: %(to)s") % {"to": _support_to(d)}),
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
