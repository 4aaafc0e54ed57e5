"""
Letters to the petitioner that are not decisions (responses.models.Communication):
the prórroga and the práctica de pruebas that change a term, the citation and
the aviso of a notification. Each is issued (outgoing radicado, PDF on the
case) and counts as communicated only when its dispatch is recorded: the mail
server accepted the e-mail (caserecord.outbox handler, purpose
"communication"), or staff registered the postal dispatch.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.outbox import email_enqueue
from caserecord.services import event_record
from compliance import services as compliance_services
from compliance.models import Alert, Term
from intake import services as intake_services
from intake.choices import NotifyBy
from intake.models import Attachment, Case
from pqr_portal.access import require
from responses import pdf, policy
from responses.models import Communication

EMAIL_PURPOSE = "communication"


def _channel(case: Case) -> str:
    if case.notify_by == NotifyBy.EMAIL and case.notify_email:
        return Communication.Channel.EMAIL
    return Communication.Channel.POSTAL


def communication_issue(*, case: Case, purpose: str, rows: list[tuple[str, str]], actor,
                        at: datetime | None = None, channel: str | None = None,
                        appendix: bytes | None = None, notification=None) -> Communication:
    """
    Issue a letter of `purpose` to the petitioner of `case`: outgoing radicado,
    PDF (the `rows` of the letter, then `appendix`, e.g. the copy of the act
    an aviso carries) stored on the case. By e-mail it is queued at once and
    counts as dispatched when the mail server accepts it; by post it waits for
    communication_record_dispatch. The caller holds the transaction.
    """
    at = at or timezone.now()
    channel = channel or _channel(case)
    radicado = intake_services.radicado_next(series=intake_services.OUTGOING_SERIES, when=at)
    label = Communication.Purpose(purpose).label
    addressee = case.customer.full_name
    local = timezone.localtime(at)
    head = [(_("Radicado de salida"), radicado), (_("Fecha"), local.strftime("%d/%m/%Y %H:%M")),
            (_("Destinatario"), addressee),
            (_("Dirección"), case.notify_address or case.customer.address or "—"),
            (_("Referencia"), _("Solicitud con radicado %(r)s") % {"r": case.radicado})]
    content = pdf.render_document_pdf(title=f"{settings.PQR_COMPANY_NAME} · {label}",
                                      rows=head + list(rows))
    if appendix:
        content = pdf.merge_pdfs([content, appendix])
    attachment = intake_services.attachment_add_bytes(
        case=case, name=f"{purpose}-{radicado}.pdf", content=content, mime="application/pdf",
        actor=actor, kind=Attachment.Kind.RESPUESTA,
        description=_("%(what)s %(radicado)s") % {"what": label, "radicado": radicado},
    )
    communication = Communication.objects.create(
        case=case, purpose=purpose, outgoing_radicado=radicado, issued_at=at, issued_by=actor,
        addressee=addressee, attachment=attachment, channel=channel, notification=notification,
    )
    if channel == Communication.Channel.EMAIL:
        email = email_enqueue(
            to=case.notify_email, case=case, purpose=EMAIL_PURPOSE,
            subject=_("%(what)s — radicado %(r)s") % {"what": label, "r": case.radicado},
            body=_("Señor(a) %(name)s:\n\nAdjuntamos la comunicación %(out)s sobre su solicitud "
                   "%(in)s.\n") % {"name": addressee, "out": radicado, "in": case.radicado},
            attachments=[{"name": attachment.original_name, "path": attachment.file.name,
                          "mimetype": "application/pdf"}],
        )
        communication.email_id = email.pk if email else None
        communication.save(update_fields=["email_id"])
    event_record(case=case, record=communication, kind="communication.issued", actor=actor,
                 data={"communication_id": communication.pk, "purpose": purpose,
                       "outgoing_radicado": radicado, "channel": channel})
    return communication


def _dispatched(communication: Communication, *, at: datetime, actor, reference: str = "") -> None:
    if communication.dispatched_at is not None:
        return
    communication.dispatched_at = at
    communication.dispatch_reference = reference[:120]
    communication.save(update_fields=["dispatched_at", "dispatch_reference"])
    if communication.term_adjustment_id:
        compliance_services.adjustment_communicated(
            adjustment_id=communication.term_adjustment_id, at=at, channel=communication.channel)
    event_record(case_id=communication.case_id, record=communication,
                 kind="communication.dispatched", actor=actor,
                 data={"communication_id": communication.pk, "channel": communication.channel,
                       "outgoing_radicado": communication.outgoing_radicado,
                       "reference": reference[:120]})


def is_pending_citation(communication: Communication) -> bool:
    """A citation letter of a notification whose postal guide is still to be recorded."""
    return (communication.purpose == Communication.Purpose.CITACION
            and bool(communication.notification_id) and communication.dispatched_at is None)


@transaction.atomic
def communication_record_dispatch(*, communication: Communication, actor, reference: str,
                                  at: datetime | None = None) -> Communication:
    """Staff registers the postal dispatch (or delivery at the address) of a letter."""
    require(policy.can_notify(actor))
    communication = Communication.objects.select_for_update().get(pk=communication.pk)
    if is_pending_citation(communication):
        # The citation's guide is its own step (notification_citation_dispatch): the
        # notification's terms count from it. letter_dispatch_record routes there.
        raise ValidationError(_("Registre la guía de la citación en su paso de notificación."))
    if communication.dispatched_at is not None:
        raise ValidationError(_("El envío de esta comunicación ya está registrado."))
    if not reference.strip():
        raise ValidationError({"reference": _("Indique la guía o constancia del envío.")})
    if communication.channel == Communication.Channel.EMAIL and communication.failed_at is None:
        raise ValidationError(_("Esta comunicación va por correo electrónico: cuenta como "
                                "enviada cuando el servidor de correo la acepta."))
    if communication.channel == Communication.Channel.EMAIL:
        communication.channel = Communication.Channel.POSTAL  # the e-mail failed: by post
        communication.save(update_fields=["channel"])
    _dispatched(communication, at=at or timezone.now(), actor=actor, reference=reference)
    return communication


def communication_email_sent(email) -> None:
    """caserecord.outbox handler: the mail server accepted a communication."""
    for communication in Communication.objects.select_for_update().filter(email_id=email.pk):
        _dispatched(communication, at=email.sent_at or timezone.now(), actor=None,
                    reference=_("Correo aceptado por el servidor"))


def communication_email_failed(email) -> None:
    """
    caserecord.outbox handler: the e-mail was given up after its retries. The
    letter must go by post (its dispatch is recorded by hand), and the case's
    owner and the coordinators are alerted on the term it concerns.
    """
    for communication in Communication.objects.select_for_update().filter(
            email_id=email.pk, dispatched_at__isnull=True):
        communication.failed_at = timezone.now()
        communication.save(update_fields=["failed_at"])
        event_record(case_id=communication.case_id, record=communication,
                     kind="communication.failed", actor=None,
                     data={"communication_id": communication.pk,
                           "outgoing_radicado": communication.outgoing_radicado})
        term = _concerned_term(communication)
        if term is not None:
            compliance_services.alert_raise(term=term, reason=Alert.Reason.NOTICE_FAILED,
                                            to_coordinators=True)


def _concerned_term(communication: Communication) -> Term | None:
    if communication.term_adjustment_id:
        return Term.objects.filter(adjustments__pk=communication.term_adjustment_id).first()
    return (Term.objects.filter(case_id=communication.case_id, met_at__isnull=True,
                                cancelled_at__isnull=True).order_by("due_at").first())
