"""Issuing an approved answer: outgoing radicado, PDF letter, hash and verification code."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance import services as compliance_services
from compliance.terms import citation_due
from intake import services as intake_services
from intake.choices import NotifyBy
from intake.models import Attachment, Case
from pqr_portal.access import require, roles_for
from responses import pdf, policy
from responses.models import (
    IssuedLetter,
    Notification,
    Response,
)
from responses.services.common import S, _local_date, _move, _moves_case, addressee_for
from responses.services.notification import notification_send_electronic
from responses.transitions import RESPONSE_TABLE


def _notification_channel(case: Case) -> str:
    if case.notify_by == NotifyBy.EMAIL and case.electronic_consent_at and case.notify_email:
        return Notification.Channel.ELECTRONICA
    if case.postal_address.strip():
        return Notification.Channel.PERSONAL
    return Notification.Channel.PUBLICACION


@transaction.atomic
def response_issue(*, response: Response, actor, at: datetime | None = None) -> IssuedLetter:
    """
    Issue the approved answer: outgoing radicado, PDF letter, hash, verification
    code; the case becomes respondido and its notification starts (an
    electronic one is dispatched at once).

    The PDF is rendered inside the transaction on purpose: the letter prints
    the outgoing radicado, which exists only while the counter row is locked.
    """
    require(policy.can_issue(actor, response))
    at = at or timezone.now()
    response = Response.objects.select_for_update(of=("self",)).select_related(
        "case__customer", "case__municipality", "case__parent").get(pk=response.pk)
    RESPONSE_TABLE.require(response.status, Response.Status.EMITIDA, roles_for(actor),
                           _("Solo se emite una respuesta aprobada."))
    case = response.case
    radicado = intake_services.radicado_next(series=intake_services.OUTGOING_SERIES, when=at)
    letter = IssuedLetter(response=response, case=case, outgoing_radicado=radicado,
                          issued_at=at, issued_by=actor, answer_kind=response.answer_kind,
                          admits_recursos=response.admits_recursos,
                          addressee=addressee_for(case)["name"])
    content = pdf.render_letter_pdf(pdf.letter_context(
        response=response, letter=letter, signer=response.approved_by or actor,
        drafter=response.created_by))
    attachment = intake_services.attachment_add_bytes(
        case=case, name=f"respuesta-{radicado}.pdf", content=content, mime="application/pdf",
        actor=actor, kind=Attachment.Kind.RESPUESTA,
        description=_("Respuesta %(radicado)s") % {"radicado": radicado},
    )
    letter.attachment = attachment
    letter.sha256 = attachment.sha256
    letter.save()
    response.status = Response.Status.EMITIDA
    response.save(update_fields=["status", "updated_at"])
    if _moves_case(response):
        _move(case, S.RESPONDIDO, actor, note=_("Respuesta %(r)s emitida") % {"r": radicado})
    event_record(
        case=case, record=response, kind="response.issued", actor=actor,
        data={"letter_id": letter.pk, "outgoing_radicado": radicado, "sha256": letter.sha256,
              "answer_kind": response.answer_kind, "response_id": response.pk,
              "from": Response.Status.APROBADA, "to": response.status},
    )
    channel = _notification_channel(case)
    calendar = compliance_services.legal_calendar()
    notification = Notification.objects.create(
        letter=letter, channel=channel, email_to=case.notify_email,
        citation_due_date=citation_due(_local_date(at), calendar)
        if channel == Notification.Channel.PERSONAL else None,
    )
    if channel == Notification.Channel.PERSONAL:
        compliance_services.citation_term_open(case_id=case.pk, issued_at=at)
    elif channel == Notification.Channel.ELECTRONICA:
        # Keep letter.notification current for the caller (the service reloads the row).
        letter.notification = notification_send_electronic(notification=notification,
                                                           actor=actor, at=at)
    return letter
