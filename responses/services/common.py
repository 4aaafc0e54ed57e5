"""Shared constants and helpers of the responses services."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import services as compliance_services
from compliance.terms import BOGOTA
from intake import services as intake_services
from intake.choices import CaseStatus
from intake.models import Case
from responses.models import (
    AnswerKind,
    Purpose,
    Response,
)

S = CaseStatus
DRAFTABLE_STATUSES = frozenset({S.RADICADO, S.ASIGNADO, S.EN_TRAMITE, S.EN_PRUEBAS, S.DEVUELTA,
                                S.RESPUESTA_EN_REVISION})
# A reposición decision that does not fully grant sends the apelación to the SSPD.
APELACION_TRIGGERS = frozenset({AnswerKind.CONFIRMA, AnswerKind.MODIFICA, AnswerKind.NO_ACCEDE,
                                AnswerKind.ACCEDE_PARCIALMENTE})

PROBLEM_MESSAGES = {
    "answer_kind": "Indique el tipo de respuesta (accede, no accede, confirma…).",
    "recurso_answer_kind": "Un recurso se decide confirmando, modificando o revocando la "
                           "decisión, o rechazando el recurso.",
    "substance": "La respuesta debe tener cuerpo y decisión: debe resolver de fondo.",
    "recursos_required": "Una decisión desfavorable sobre una petición, queja o reclamo admite "
                         "recursos: márquelo e incluya el párrafo de recursos.",
    "recursos_reposicion": "El párrafo de recursos debe mencionar el recurso de reposición "
                           "ante la empresa.",
    "recursos_apelacion": "El párrafo de recursos debe mencionar la apelación en subsidio ante "
                          "la Superintendencia de Servicios Públicos (SSPD).",
    "recursos_term": "El párrafo de recursos debe indicar el término: cinco (5) días hábiles.",
    "recursos_where": "El párrafo de recursos debe indicar dónde radicarlos (oficina, punto de "
                      "atención o portal).",
    "payment_reminder": "Es un reclamo de facturación: incluya el recordatorio de pagar los "
                        "valores no reclamados (Ley 142 de 1994, art. 155).",
}


def default_recursos_text() -> str:
    return _(
        "Contra la presente decisión procede el recurso de reposición ante %(company)s y, en "
        "subsidio, el de apelación ante la Superintendencia de Servicios Públicos Domiciliarios "
        "(SSPD), que deberán interponerse por escrito dentro de los cinco (5) días hábiles "
        "siguientes a la notificación de esta decisión (Ley 142 de 1994, arts. 154 y 159; "
        "Ley 1437 de 2011, art. 76). Puede radicarlos en cualquiera de nuestros Puntos de "
        "Atención al Cliente o en el portal %(site)s/pqr/ con su radicado y código de consulta."
    ) % {"company": settings.PQR_COMPANY_NAME, "site": settings.SITE_URL.rstrip("/")}


def default_payment_reminder() -> str:
    return _(
        "Para recurrir esta decisión debe acreditar el pago de las sumas que no han sido objeto "
        "de reclamo o del promedio del consumo de los últimos cinco periodos (Ley 142 de 1994, "
        "art. 155). Mientras el recurso esté en trámite, la empresa no suspenderá el servicio "
        "por el valor en discusión."
    )


def _local_date(instant: datetime):
    return timezone.localtime(instant, BOGOTA).date()


def _moves_case(response: Response) -> bool:
    # A SAP recognition is an act about a case already decided (or deemed decided):
    # it never changes the state of the case.
    return response.purpose != Purpose.RECONOCIMIENTO_SAP


def _move(case: Case, to_status: str, actor, note: str = "") -> Case:
    return intake_services.case_transition(case=case, to_status=to_status, actor=actor, note=note)


def _term_met_by(*, case_id: int, event: str, at: datetime) -> None:
    """Tell compliance that the answer was dispatched or its notification completed."""
    compliance_services.response_term_met_by(case_id=case_id, event=event, at=at)
