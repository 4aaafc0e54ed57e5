"""
Every write to a case goes through this module.

Each service runs in one transaction, writes the CaseEvent that explains the
change, and schedules side effects (mail, PDFs) with transaction.on_commit so
nothing is sent for a change that was rolled back. Other apps call these
functions (never Case.objects.update) to change a case.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from compliance import services as compliance_services
from intake import policy
from intake.choices import (
    FINAL_STATUSES,
    VERBAL_CHANNELS,
    CaseKind,
    CaseStatus,
    NotifyBy,
)
from intake.files import validate_upload
from intake.models import Attachment, Case, CaseEvent, Customer, OutgoingEmail, RadicadoCounter
from intake.workflow import check_transition
from pqr_portal.access import require, roles_for

logger = logging.getLogger(__name__)

INCOMING_SERIES = "E"
OUTGOING_SERIES = "S"


# --- numbering -------------------------------------------------------------

def radicado_next(*, series: str, when: datetime, fmt: str | None = None) -> str:
    """
    Return the next number of `series` for the Bogotá year of `when`.

    Must run inside the transaction that saves the numbered document: the
    counter row stays locked until it commits, so numbers follow the order of
    receipt, are never reused and leave no gaps.
    """
    assert transaction.get_connection().in_atomic_block, "radicado_next needs a transaction"
    year = timezone.localtime(when).year
    number = _counter_increment(series, year)
    if number is None:
        # First number of the year (or of a new series): the unique constraint
        # settles a race between two first filings.
        RadicadoCounter.objects.get_or_create(series=series, year=year)
        number = _counter_increment(series, year)
    fmt = fmt or (settings.PQR_RADICADO_FORMAT if series == INCOMING_SERIES
                  else settings.PQR_OUTGOING_RADICADO_FORMAT)
    return fmt.format(year=year, number=number, series=series)


def _counter_increment(series: str, year: int) -> int | None:
    """
    Add one to the counter and return the new number, in one statement.

    The UPDATE takes the row lock that serialises concurrent filings until
    the transaction commits; RETURNING avoids a second round trip.
    """
    table = RadicadoCounter._meta.db_table
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 "  # noqa: S608 - table name is ours
            "WHERE series = %s AND year = %s RETURNING last_number",
            [series, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


# --- the timeline ----------------------------------------------------------

def event_record(*, case: Case, kind: str, actor=None, summary: str = "", data=None,
                 public: bool = False) -> CaseEvent:
    """Append one event to the case timeline (call inside the change's transaction)."""
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, summary=summary[:300],
                                    data=data or {}, public=public)


# --- customers -------------------------------------------------------------

def customer_upsert(*, id_type: str, id_number: str, actor=None, only_blanks: bool = False,
                    **fields) -> Customer:
    """
    Find a customer by document, or create it; update the contact data given.

    With `only_blanks`, an existing customer keeps the data on record and only
    empty fields are filled (the public form: a stranger typing someone's
    document number must not overwrite their data). No transaction of its
    own: a race between two first filings of the same person is settled by
    one INSERT ... ON CONFLICT, without a savepoint.
    """
    customer = Customer.objects.filter(id_type=id_type, id_number=id_number).first()
    if customer is None:
        fields = {k: v for k, v in fields.items() if v not in (None, "")}
        now = timezone.now()
        (customer,) = Customer.objects.bulk_create(
            [Customer(id_type=id_type, id_number=id_number, created_at=now, updated_at=now,
                      **fields)],
            update_conflicts=True, unique_fields=["id_type", "id_number"],
            update_fields=["updated_at"])
        if customer.pk is None:  # a backend that does not return ids
            customer = Customer.objects.get(id_type=id_type, id_number=id_number)
        return customer
    changed = [k for k, v in fields.items()
               if v not in (None, "") and getattr(customer, k) != v
               and not (only_blanks and getattr(customer, k))]
    for k in changed:
        setattr(customer, k, fields[k])
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer


# --- registration ----------------------------------------------------------

def case_register(
    *, kind: str, channel: str, customer: Customer, description: str, actor=None,
    filed_at: datetime | None = None, causal=None, account_number: str = "",
    bill_number: str = "", bill_issued_on=None, subject: str = "",
    notify_by: str = NotifyBy.POSTAL, notify_email: str = "", notify_address: str = "",
    municipality=None, electronic_consent: bool = False, data_consent: bool = False,
    hand_deadline_at: datetime | None = None, external_reference: str = "",
    parent: Case | None = None, attachments=(), assignee=None, verbal_record: str = "",
    extra_events=(),
) -> Case:
    """
    Register a PQR: radicado, case, response term and the filing event.

    `actor` None means the citizen's public form. Attachments are validated
    by content; any invalid one aborts the whole registration (nothing saved).
    `extra_events` (dicts with kind, summary, data, public) are written with
    the filing event in one statement.
    """
    now = timezone.now()
    filed_at = filed_at or now
    if kind == CaseKind.TUTELA and hand_deadline_at is None:
        raise ValidationError({"hand_deadline_at": _("La tutela requiere el plazo exacto ordenado por el juez.")})
    if notify_by == NotifyBy.EMAIL and not (notify_email and electronic_consent):
        raise ValidationError({"notify_email": _("La notificación electrónica requiere un correo y su aceptación expresa.")})
    checked = [(f, *validate_upload(f)) for f in attachments]
    # Checks above run before the transaction, so a refusal leaves a caller's
    # transaction usable; past this point the registration is all or nothing,
    # and inside a caller's transaction no savepoint is needed.
    with transaction.atomic(savepoint=False):
        case = Case(
            radicado=radicado_next(series=INCOMING_SERIES, when=filed_at),
            kind=kind, channel=channel, customer=customer, description=description,
            filed_at=filed_at, causal=causal, account_number=account_number,
            bill_number=bill_number, bill_issued_on=bill_issued_on, subject=subject,
            is_verbal=channel in VERBAL_CHANNELS, notify_by=notify_by,
            notify_email=notify_email, notify_address=notify_address or customer.address,
            municipality=municipality or customer.municipality,
            electronic_consent_at=now if electronic_consent else None,
            data_consent_at=now if data_consent else None,
            data_consent_version=settings.PQR_PRIVACY_NOTICE_VERSION if data_consent else "",
            data_consent_channel=channel if data_consent else "",
            hand_deadline_at=hand_deadline_at, external_reference=external_reference,
            parent=parent, created_by=actor,
        )
        case.save()
        term = compliance_services.response_term_open(
            case_id=case.pk, kind=kind, filed_at=filed_at, hand_deadline_at=hand_deadline_at
        )
        case.response_term = term
        case.save(update_fields=["response_term"])
        filed = CaseEvent(
            case=case, kind="case.filed", actor=actor, public=True,
            summary=_("Solicitud radicada por el canal %(channel)s")
            % {"channel": case.get_channel_display()},
            data={"radicado": case.radicado, "kind": kind, "channel": channel,
                  "due_date": term.due_date, "verbal": case.is_verbal,
                  "verbal_record": verbal_record},
        )
        CaseEvent.objects.bulk_create([filed] + [
            CaseEvent(case=case, actor=actor, kind=e["kind"], summary=str(e.get("summary", ""))[:300],
                      data=e.get("data", {}), public=e.get("public", False))
            for e in extra_events
        ])
        for uploaded, mime, digest in checked:
            _attachment_save(case=case, uploaded=uploaded, mime=mime, digest=digest, actor=actor,
                             kind=Attachment.Kind.PETICION, public=True)
        if assignee is not None:
            case_assign(case=case, assignee=assignee, actor=actor)
        return case


# --- attachments -----------------------------------------------------------

def _attachment_save(*, case, uploaded, mime, digest, actor, kind, description="", public=False,
                     generated=False):
    att = Attachment(case=case, kind=kind, original_name=uploaded.name[:200], content_type=mime,
                     size=uploaded.size, sha256=digest, uploaded_by=actor,
                     description=description, public=public)
    att.file.save(uploaded.name, uploaded, save=False)
    att.save()
    if generated:
        event_kind, summary = "attachment.generated", _("Documento generado: %(name)s")
    else:
        event_kind, summary = "attachment.added", _("Anexo agregado: %(name)s")
    event_record(case=case, kind=event_kind, actor=actor,
                 summary=summary % {"name": att.original_name},
                 data={"attachment_id": att.pk, "sha256": digest, "kind": kind})
    return att


@transaction.atomic
def attachment_add(*, case: Case, uploaded, actor, kind: str = Attachment.Kind.EVIDENCIA,
                   description: str = "", public: bool = False) -> Attachment:
    """Validate and store a file on a case, with its hash and an event."""
    mime, digest = validate_upload(uploaded)
    return _attachment_save(case=case, uploaded=uploaded, mime=mime, digest=digest, actor=actor,
                            kind=kind, description=description, public=public)


@transaction.atomic
def attachment_add_bytes(*, case: Case, name: str, content: bytes, mime: str, actor, kind: str,
                         description: str = "", public: bool = False) -> Attachment:
    """Store a document the system generated (a PDF receipt, an acta, a letter)."""
    return _attachment_save(case=case, uploaded=ContentFile(content, name=name), mime=mime,
                            digest=hashlib.sha256(content).hexdigest(), actor=actor, kind=kind,
                            description=description, public=public, generated=True)


@transaction.atomic
def attachment_publish(*, attachment: Attachment, actor) -> Attachment:
    """Make a case document visible to the citizen (e.g. a letter once notified)."""
    if Attachment.objects.filter(pk=attachment.pk, public=False).update(public=True):
        attachment.public = True
        event_record(case=attachment.case, kind="attachment.published", actor=actor,
                     summary=_("Documento disponible para el ciudadano: %(name)s")
                     % {"name": attachment.original_name},
                     data={"attachment_id": attachment.pk})
    return attachment


# --- state changes -----------------------------------------------------------

@transaction.atomic
def case_flag_sap_risk(*, case: Case, reason: str, actor=None) -> bool:
    """Flag a case at risk of silencio administrativo positivo; False if it already was."""
    if not Case.objects.filter(pk=case.pk, sap_risk=False).update(sap_risk=True):
        return False
    case.sap_risk = True
    event_record(case=case, kind="case.sap_risk", actor=actor,
                 summary=_("Riesgo de silencio administrativo positivo: %(reason)s")
                 % {"reason": reason}, data={"reason": reason})
    return True


@transaction.atomic
def case_transition(*, case: Case, to_status: str, actor, note: str = "",
                    public: bool = True, data=None) -> Case:
    """
    Move `case` to `to_status` on behalf of `actor` (None = the system).

    Raise workflow.TransitionNotAllowed if the table forbids it for the
    actor's roles; then nothing is written.
    """
    # Lock the row so two clerks clicking at once cannot both pass the check.
    case = Case.objects.select_for_update().get(pk=case.pk)
    from_status = case.status
    check_transition(from_status, to_status, roles_for(actor))
    case.status = to_status
    case.status_changed_at = timezone.now()
    case.save(update_fields=["status", "status_changed_at", "updated_at"])
    event_record(
        case=case, kind="case.status_changed", actor=actor, public=public,
        summary=_("Estado: %(to)s") % {"to": case.get_status_display()},
        data={"from": from_status, "to": to_status, "note": note, **(data or {})},
    )
    if to_status in FINAL_STATUSES:
        compliance_services.terms_cancel_for_case(case_id=case.pk, when=case.status_changed_at)
    return case


@transaction.atomic
def case_assign(*, case: Case, assignee, actor) -> Case:
    """Give `case` to `assignee`; a case still in radicado moves to asignado."""
    require(policy.can_assign(actor, case))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status in FINAL_STATUSES:
        raise ValidationError(_("Un caso cerrado o anulado no se puede asignar."))
    previous = case.assignee_id
    case.assignee = assignee
    case.save(update_fields=["assignee", "updated_at"])
    event_record(case=case, kind="case.assigned", actor=actor,
                 summary=_("Asignado a %(name)s") % {"name": assignee.get_full_name() or assignee.username},
                 data={"from": previous, "to": assignee.pk})
    if case.status == CaseStatus.RADICADO:
        # Assignment is an office decision, not the assignee's: the system moves the state.
        case = case_transition(case=case, to_status=CaseStatus.ASIGNADO, actor=None,
                               note=_("Asignación"), public=True)
    return case


@transaction.atomic
def case_annul(*, case: Case, reason: str, actor) -> Case:
    """Annul a case: the number is kept and never reused; the reason is required."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo de la anulación.")})
    case = case_transition(case=case, to_status=CaseStatus.ANULADO, actor=actor, note=reason)
    Case.objects.filter(pk=case.pk).update(annulment_reason=reason)
    case.annulment_reason = reason
    return case


# --- outgoing e-mail (outbox) ---------------------------------------------------

def email_enqueue(*, to, subject: str, body: str, case: Case | None = None, html_body: str = "",
                  attachments=(), purpose: str = "", dedupe_key: str | None = None) -> OutgoingEmail | None:
    """
    Save an e-mail in the outbox and send it after commit.

    With `dedupe_key`, a second e-mail with the same key is not created
    (returns None): that is how digests go out once per person per day.
    """
    to = [to] if isinstance(to, str) else list(to)
    if dedupe_key and OutgoingEmail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    email = OutgoingEmail.objects.create(
        to=to, subject=subject[:250], body=body, html_body=html_body, case=case,
        attachments=list(attachments), purpose=purpose, dedupe_key=dedupe_key,
    )
    transaction.on_commit(partial(email_dispatch, email_id=email.pk))
    return email


def email_dispatch(*, email_id: int) -> None:
    """Hand an outbox row to Celery; if the broker is down, the beat retry sends it later."""
    from intake.tasks import send_outgoing_email_task

    try:
        send_outgoing_email_task.delay(email_id=email_id)
    except Exception:  # noqa: BLE001 - any broker failure: the row stays pending
        logger.warning("broker unavailable; outgoing email %s stays pending", email_id,
                       exc_info=True)


def email_send(*, email_id: int) -> bool:
    """Send one outbox row now; return True if it is sent (now or before)."""
    from django.core import mail
    from django.core.files.storage import default_storage

    # The SMTP conversation runs under the lock of this one outbox row: a second
    # worker picking the same row waits instead of sending it twice. Nothing
    # else is locked, and a crash rolls back to "pending" for the retry sweep.
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().get(pk=email_id)
        if email.status == OutgoingEmail.Status.SENT:
            return True
        message = mail.EmailMultiAlternatives(
            subject=email.subject, body=email.body, from_email=settings.DEFAULT_FROM_EMAIL,
            to=email.to,
        )
        if email.html_body:
            message.attach_alternative(email.html_body, "text/html")
        for att in email.attachments:
            with default_storage.open(att["path"], "rb") as fh:
                message.attach(att["name"], fh.read(), att.get("mimetype"))
        email.attempts += 1
        try:
            message.send()
        except Exception as exc:  # noqa: BLE001 - SMTP errors vary; keep the row and retry
            email.status = OutgoingEmail.Status.FAILED
            email.last_error = repr(exc)[:2000]
            email.save(update_fields=["status", "last_error", "attempts"])
            logger.warning("email %s failed: %s", email_id, exc)
            return False
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["status", "sent_at", "last_error", "attempts"])
        return True


def emails_retry_pending(*, max_attempts: int = 20) -> int:
    """Send again every outbox row not yet sent; return how many went out."""
    ids = list(OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT)
               .filter(attempts__lt=max_attempts).values_list("pk", flat=True)[:500])
    return sum(1 for pk in ids if email_send(email_id=pk))
