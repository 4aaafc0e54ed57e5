"""The event kinds field visits writes (caserecord.kinds registry)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from caserecord.kinds import register
from pqr_portal.dates import time_window


def _window(data) -> dict:
    """The visit window as a Colombian reads it; dates and hours are stored as ISO text."""
    return {"window": _("el %(window)s") % {"window": time_window(
        data["planned_date"], data["window_start"], data["window_end"])}}


def _scheduled(data) -> str:
    return _("Visita técnica programada para %(window)s") % _window(data)


def _rescheduled(data) -> str:
    return _("Visita técnica reprogramada para %(window)s") % _window(data)


def _order_created(data) -> str:
    from field_visits.models import RevisionOrder

    return _("Orden de revisión %(number)s: %(reason)s") % {
        "number": data["number"], "reason": RevisionOrder.Reason(data["reason"]).label}


def _visit_failed(data) -> str:
    from field_visits.models import Visit

    return _("Visita no realizada (%(reason)s); la orden %(number)s vuelve a programación") % {
        "reason": Visit.FailureReason(data["reason"]).label, "number": data["number"]}


def _user_informed(data) -> str:
    if data["channel"] == "email":
        return _("Comunicado al usuario por correo electrónico: %(subject)s") % {
            "subject": data["subject"]}
    where = data["to"]
    if where in ("", "—"):
        where = _("la dirección registrada")
    return _("Comunicación al usuario para entrega en %(where)s: %(subject)s") % {
        "where": where, "subject": data["subject"]}


register(
    "field_visits",
    ("user.informed", L("Comunicación al usuario"), True, _user_informed),
    ("revision_order.created", L("Orden de revisión"), True, _order_created),
    # note: the reason of the annulment.
    ("revision_order.cancelled", L("Orden de revisión anulada"), False,
     L("Orden %(number)s anulada")),
    ("visit.scheduled", L("Visita técnica programada"), True, _scheduled),
    ("visit.rescheduled", L("Visita técnica reprogramada"), True, _rescheduled),
    ("visit.safety_checked", L("Chequeo de seguridad QHSE"), False,
     L("Chequeo de seguridad QHSE antes de la visita %(number)s")),
    ("visit.safety_failed", L("Chequeo de seguridad QHSE no superado"), False,
     L("Chequeo de seguridad QHSE no superado antes de la visita %(number)s: no conformidad "
       "crítica abierta")),
    ("visit.failed", L("Visita no realizada"), True, _visit_failed),
    ("visit.completed", L("Visita técnica realizada"), True,
     L("Visita técnica realizada; acta %(acta_number)s")),
    ("acta.corrected", L("Acta corregida"), True,
     L("Acta %(corrects_number)s corregida por el acta %(acta_number)s")),
)
