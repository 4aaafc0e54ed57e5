"""
The citation for personal notification (CPACA art. 68) and the aviso with the
full copy of the act (art. 69) as letters with their own outgoing radicado
and PDF; an aviso for an unknown address is published for 5 business days on
the public page (responses_public:avisos) and at the office.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _

from responses.models import Communication, Notification
from responses.services.communications import _dispatched, communication_issue


def _act_copy(notification: Notification) -> bytes:
    with notification.letter.attachment.file.open("rb") as fh:
        return fh.read()


def notice_letter_issue(*, notification: Notification, purpose: str, actor, at: datetime,
                        published: tuple[date, date] | None = None) -> Communication:
    """
    Issue the citation or the aviso of `notification`. The aviso is recorded
    dispatched at `at` (the staff's record of sending it, or the first day of
    publication); the citation waits for its courier's guide (its own step).
    """
    letter, case = notification.letter, notification.letter.case
    office = settings.PQR_COMPANY_NAME
    if purpose == Communication.Purpose.CITACION:
        rows = [(_("Asunto"), _("Citación para notificación personal")),
                (_("Texto"), _(
                    "Le citamos para notificarle personalmente la decisión %(out)s sobre su "
                    "solicitud %(in)s. Preséntese dentro de los cinco (5) días hábiles "
                    "siguientes al envío de esta citación en nuestra oficina de atención, con "
                    "su documento de identidad (Ley 1437 de 2011, art. 68). Si no comparece, "
                    "se le notificará por aviso.") % {"out": letter.outgoing_radicado,
                                                      "in": case.radicado})]
        appendix, channel = None, Communication.Channel.POSTAL
    else:
        rows = [(_("Asunto"), _("Notificación por aviso")),
                (_("Texto"), _(
                    "Por medio de este aviso, al que se acompaña copia íntegra del acto, le "
                    "notificamos la decisión %(out)s de %(office)s sobre su solicitud %(in)s. "
                    "La notificación se considera surtida al finalizar el día siguiente al de "
                    "la entrega del aviso en el lugar de destino (Ley 1437 de 2011, art. 69).")
                 % {"out": letter.outgoing_radicado, "office": office, "in": case.radicado})]
        if letter.admits_recursos:
            rows.append((_("Recursos"), _(
                "Contra esta decisión proceden el recurso de reposición ante la empresa y, en "
                "subsidio, el de apelación ante la Superintendencia de Servicios Públicos "
                "Domiciliarios, dentro de los cinco (5) días hábiles siguientes a la "
                "notificación.")))
        else:
            rows.append((_("Recursos"), _("Contra esta decisión no proceden recursos.")))
        if published:
            rows.append((_("Publicación"), _(
                "Dirección desconocida: se publica en la página web y en la oficina del %(a)s "
                "al %(b)s (Ley 1437 de 2011, art. 69 inciso 2).")
                % {"a": published[0].strftime("%d/%m/%Y"), "b": published[1].strftime("%d/%m/%Y")}))
        appendix = _act_copy(notification)
        channel = (Communication.Channel.PUBLICACION if published
                   else Communication.Channel.POSTAL)
    communication = communication_issue(case=case, purpose=purpose, rows=rows, actor=actor,
                                        at=at, channel=channel, appendix=appendix,
                                        notification=notification)
    if published:
        communication.published_from, communication.published_until = published
        communication.save(update_fields=["published_from", "published_until"])
    if purpose == Communication.Purpose.CITACION:
        # The citation leaves by courier: its own step records the guide and the dispatch
        # (notification.notification_citation_dispatch); the terms count from then.
        return communication
    _dispatched(communication, at=at, actor=actor,
                reference=_("Publicación") if published else _("Envío registrado por la oficina"))
    return communication


def avisos_published(today: date):
    """The avisos on the public page today (CPACA art. 69: 5 business days)."""
    return (Communication.objects.filter(purpose=Communication.Purpose.AVISO,
                                         channel=Communication.Channel.PUBLICACION,
                                         published_from__lte=today, published_until__gte=today)
            .select_related("case", "attachment").order_by("published_from", "pk"))
