"""Shared constants and helpers of the responses services."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import services as compliance_services
from compliance.models import Term
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
    "recursos_queja": "Se rechaza la apelación: el párrafo de recursos debe ofrecer el recurso "
                      "de queja ante la Superintendencia de Servicios Públicos (SSPD).",
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


def sic_complaint_text() -> str:
    """
    What an answer to the holder's request about personal data says of the SIC: the
    holder may complain to the Superintendencia de Industria y Comercio only after
    exhausting the consulta or reclamo before the company (Ley 1581 de 2012, art. 16).
    Printed on the answer letter of a habeas-data case (responses.pdf.letter_context)
    and on the access report (habeas.services.access).
    """
    return _(
        "Si no está conforme con esta respuesta, una vez agotado el trámite de su consulta o "
        "reclamo ante %(company)s, puede presentar una queja ante la Superintendencia de "
        "Industria y Comercio (SIC), autoridad de protección de datos personales, en "
        "www.sic.gov.co (Ley 1581 de 2012, art. 16)."
    ) % {"company": settings.PQR_COMPANY_NAME}


def recursos_text_for(offer: str) -> str:
    """The default recursos paragraph of an act that offers `offer` (rules.recursos_offer)."""
    from responses import rules

    values = {"company": settings.PQR_COMPANY_NAME, "site": settings.SITE_URL.rstrip("/")}
    if offer == rules.REPOSICION_ONLY:
        return _(
            "Contra la presente decisión procede únicamente el recurso de reposición ante "
            "%(company)s, que deberá interponerse por escrito dentro de los cinco (5) días "
            "hábiles siguientes a su notificación (Ley 1755 de 2015, art. 17; Ley 1437 de 2011, "
            "art. 76). Puede radicarlo en cualquiera de nuestros Puntos de Atención al Cliente o "
            "en el portal %(site)s/pqr/. Podrá presentar de nuevo su solicitud con el lleno de "
            "los requisitos legales."
        ) % values
    if offer == rules.QUEJA:
        return _(
            "Contra el rechazo del recurso de apelación procede el recurso de queja ante la "
            "Superintendencia de Servicios Públicos Domiciliarios (SSPD), que deberá interponerse "
            "por escrito dentro de los cinco (5) días hábiles siguientes a la notificación de "
            "esta decisión (Ley 1437 de 2011, arts. 74 y 78). Puede presentarlo ante la SSPD o "
            "radicarlo en cualquiera de nuestros Puntos de Atención al Cliente, que lo remitirá."
        ) % values
    return default_recursos_text()


def addressee_for(case: Case) -> dict:
    """
    Who a decision on `case` is addressed to: the court of a tutela, the SSPD
    for its request (the authority typed at registration), else the petitioner;
    the petitioner gets a copy of a letter addressed to an authority.
    """
    from intake.choices import CaseKind

    customer = case.customer
    # The filer as typed on a web filing, never the stored record (docs/security.md).
    petitioner = [f"{customer.id_type} {customer.id_number}",
                  case.notify_email if case.notify_by == "email" else case.postal_address]
    if case.municipality_id:
        petitioner.append(case.municipality.name)
    if case.kind in (CaseKind.TUTELA, CaseKind.SOLICITUD_SSPD):
        default = (_("Despacho judicial del proceso %(ref)s") % {"ref": case.external_reference}
                   if case.kind == CaseKind.TUTELA
                   else _("Superintendencia de Servicios Públicos Domiciliarios"))
        lines = [line for line in (
            (_("Referencia: %(ref)s") % {"ref": case.external_reference})
            if case.external_reference else "", case.authority_address, case.authority_email)
            if line]
        return {"name": case.authority_name or default, "lines": lines,
                "copy_to": case.filer_name, "authority": True}
    return {"name": case.filer_name, "lines": [line for line in petitioner if line],
            "copy_to": "", "authority": False}


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


def _move(case: Case, to_status: str, actor, note: str = "", act: str | None = None) -> Case:
    return intake_services.case_transition(case=case, to_status=to_status, actor=actor, note=note,
                                           act=act)


def act_label(response: Response, radicado: str) -> str:
    """How a term met by the letter of `response` says which act met it."""
    if response.purpose == Purpose.DESISTIMIENTO_TACITO:
        return _("Acto de desistimiento tácito %(r)s") % {"r": radicado}
    return _("Respuesta %(r)s") % {"r": radicado}


def _term_met_by(*, case_id: int, event: str, at: datetime, letter=None) -> None:
    """
    Tell compliance that the answer was dispatched or its notification completed.
    A desistimiento act also meets the petitioner's month it declares run out.
    """
    how = None
    if letter is not None and letter.response.purpose == Purpose.DESISTIMIENTO_TACITO:
        how = act_label(letter.response, letter.outgoing_radicado)
        if event == "dispatch":
            compliance_services.terms_meet_by_act(
                case_id=case_id, purposes=[Term.Purpose.COMPLETAR], at=at,
                how=_("Vencido sin respuesta: %(act)s") % {"act": how})
    compliance_services.response_term_met_by(case_id=case_id, event=event, at=at, how=how)


def final_state_after_decision(case: Case) -> tuple[str, str]:
    """
    The final state (and its act) of a notified case once no recurso is pending:
    desistido when the decision was a desistimiento tácito, else cerrado.
    """
    last = case.responses.filter(status=Response.Status.EMITIDA).exclude(
        purpose=Purpose.RECONOCIMIENTO_SAP).order_by("-pk").first()
    if last is not None and last.purpose == Purpose.DESISTIMIENTO_TACITO:
        return S.DESISTIDO, "desistimiento_tacito"
    return S.CERRADO, "decision_notified"
