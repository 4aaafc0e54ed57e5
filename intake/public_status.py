"""
What a citizen reads about their case: status and timeline in plain words.

Internal steps (review of a draft, a returned draft) read as "en estudio":
the citizen sees where the petition stands, not the office's inner loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intake.choices import CaseStatus


@dataclass(frozen=True)
class PublicStatus:
    label: str
    explanation: str


_STUDY = (_("En estudio"), _("Un gestor está estudiando su solicitud."))

PUBLIC_STATUS = {
    CaseStatus.RADICADO: (_("Recibida"), _("Recibimos su solicitud; pronto la asignaremos a un "
                                            "gestor.")),
    CaseStatus.ASIGNADO: (_("Asignada"), _("Su solicitud ya tiene un gestor responsable.")),
    CaseStatus.EN_TRAMITE: _STUDY,
    CaseStatus.EN_PRUEBAS: (_("En práctica de pruebas"),
                            _("Estamos recogiendo pruebas (por ejemplo, una revisión del "
                              "medidor) antes de decidir.")),
    CaseStatus.RESPUESTA_EN_REVISION: _STUDY,
    CaseStatus.DEVUELTA: _STUDY,
    CaseStatus.RESPONDIDO: (_("Respondida"), _("Ya hay una respuesta; se la estamos "
                                                "notificando.")),
    CaseStatus.NOTIFICADO: (_("Respuesta notificada"),
                            _("Le notificamos la respuesta. Si no está de acuerdo, puede "
                              "presentar recurso dentro de los cinco días hábiles siguientes "
                              "a la notificación.")),
    CaseStatus.RECURRIDO: (_("Con recurso en trámite"),
                           _("Usted presentó un recurso contra la respuesta; lo estamos "
                             "estudiando.")),
    CaseStatus.CERRADO: (_("Cerrada"), _("El trámite terminó.")),
    CaseStatus.TRASLADADO: (_("Trasladada a la entidad competente"),
                            _("Otra entidad es la competente; le enviamos su solicitud.")),
    CaseStatus.DESISTIDO: (_("Desistida"), _("La solicitud se archivó por desistimiento.")),
    CaseStatus.ANULADO: (_("Anulada"), _("El radicado fue anulado.")),
}


def public_status(status: str) -> PublicStatus:
    label, explanation = PUBLIC_STATUS.get(status, _STUDY)
    return PublicStatus(label=str(label), explanation=str(explanation))


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    text: str


def public_timeline(case) -> list[TimelineEntry]:
    """
    Return the public events of `case` in plain words, oldest first.

    State changes are told by their public label (never the internal status
    name), and two steps in a row with the same label read as one.
    """
    entries: list[TimelineEntry] = []
    last_status_label = None
    for event in case.events.filter(public=True).order_by("created_at", "pk"):
        if event.kind == "case.status_changed":
            label = public_status(event.data.get("to", "")).label
            if label == last_status_label:
                continue
            last_status_label = label
            text = label
        elif event.kind == "case.filed":
            text = str(_("Solicitud recibida y radicada"))
            last_status_label = public_status(CaseStatus.RADICADO).label
        else:
            text = event.summary
        if text:
            entries.append(TimelineEntry(when=timezone.localtime(event.created_at), text=text))
    return entries
