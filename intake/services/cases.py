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
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.files import safe_filename, validate_upload
from caserecord.numbering import number_next
from caserecord.services import event_record, events_record_bulk
from compliance import services as compliance_services
from intake import policy
from intake.choices import (
    FINAL_STATUSES,
    VERBAL_CHANNELS,
    CaseKind,
    CaseStatus,
    NotifyBy,
)
from intake.models import Attachment, Case, Customer
from intake.workflow import check_final_act, check_transition
from pqr_portal.access import require, roles_for

logger = logging.getLogger(__name__)

INCOMING_SERIES = "E"
OUTGOING_SERIES = "S"


# --- numbering -------------------------------------------------------------

def radicado_next(*, series: str, when: datetime, fmt: str | None = None) -> str:
    """The next radicado of `series` (incoming by default format, outgoing, or `fmt`)."""
    fmt = fmt or (settings.PQR_RADICADO_FORMAT if series == INCOMING_SERIES
                  else settings.PQR_OUTGOING_RADICADO_FORMAT)
    return number_next(series=series, when=when, fmt=fmt)


# --- customers -------------------------------------------------------------

def customer_upsert(*, id_type: str, id_number: str, actor=None, **fields) -> Customer:
    """
    Find a customer by document, or create it; update the contact data given.

    Staff only (the desk, where the document is seen): the public form calls
    customer_for_public_filing(), which never changes a record. No transaction
    of its own: a race between two first filings of the same person is
    settled by one INSERT ... ON CONFLICT, without a savepoint.
    """
    customer, created = _customer_get_or_create(id_type=id_type, id_number=id_number, **fields)
    if created:
        return customer
    changed = [k for k, v in fields.items()
               if v not in (None, "") and getattr(customer, k) != v]
    for k in changed:
        setattr(customer, k, fields[k])
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    return customer


def customer_for_public_filing(*, id_type: str, id_number: str, **typed) -> Customer:
    """
    The customer a public-form filing belongs to: found by document, never changed.

    Anyone may type anyone's document number, so an existing record is neither
    filled nor overwritten (the typed data stays on the case, see
    case_register(contact=...)); staff reconcile it explicitly
    (intake.services.contact). Only a new document creates a record, from
    what was typed.
    """
    return _customer_get_or_create(id_type=id_type, id_number=id_number, **typed)[0]


def _customer_get_or_create(*, id_type: str, id_number: str,
                            **fields) -> tuple[Customer, bool]:
    customer = Customer.objects.filter(id_type=id_type, id_number=id_number).first()
    if customer is not None:
        return customer, False
    fields = {k: v for k, v in fields.items() if v not in (None, "")}
    now = timezone.now()
    # A concurrent first filing of the same document wins; this one only touches
    # updated_at (the data it typed stays on its case).
    (customer,) = Customer.objects.bulk_create(
        [Customer(id_type=id_type, id_number=id_number, created_at=now, updated_at=now,
                  **fields)],
        update_conflicts=True, unique_fields=["id_type", "id_number"],
        update_fields=["updated_at"])
    if customer.pk is None:  # a backend that does not return ids
        customer = Customer.objects.get(id_type=id_type, id_number=id_number)
    return customer, True


# --- registration ----------------------------------------------------------

def case_register(
    *, kind: str, channel: str, customer: Customer, description: str, actor=None,
    filed_at: datetime | None = None, causal=None, account_number: str = "",
    bill_number: str = "", bill_issued_on=None, subject: str = "",
    notify_by: str = NotifyBy.POSTAL, notify_email: str = "", notify_address: str = "",
    municipality=None, electronic_consent: bool = False, data_consent: bool = False,
    hand_deadline_at: datetime | None = None, external_reference: str = "",
    parent: Case | None = None, attachments=(), assignee=None, verbal_record: str = "",
    extra_events=(), received_on: date | None = None, received_reason: str = "",
    authority_name: str = "", authority_address: str = "", authority_email: str = "", contact: dict | None = None,
) -> Case:
    """
    Register a PQR: radicado, case, response term and the filing event.

    `received_on` is the day the document arrived when it is registered later:
    it may not be in the future, a different day needs `received_reason`, and
    the terms count from the start of that day (the radicado keeps the order
    of registration).

    `actor` None means the citizen's public form. Attachments are validated
    by content; any invalid one aborts the whole registration (nothing saved).
    `extra_events` (dicts with kind, summary, data, public) are written with
    the filing event in one statement. `contact` (first_name, last_name,
    business_name, phone, email, address) is what a public-form filer typed,
    kept on the case. Nothing is defaulted from the customer record: the
    notification address and municipality are the ones given.
    """
    now = timezone.now()
    filed_at = filed_at or now
    if kind == CaseKind.TUTELA and hand_deadline_at is None:
        raise ValidationError({"hand_deadline_at": _("La tutela requiere el plazo exacto ordenado por el juez.")})
    if notify_by == NotifyBy.EMAIL and not (notify_email and electronic_consent):
        raise ValidationError({"notify_email": _("La notificación electrónica requiere un correo y su aceptación expresa.")})
    received_at = _received_at(filed_at, received_on, received_reason)
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
            notify_email=notify_email, notify_address=notify_address,
            municipality=municipality,
            **{f"contact_{k}": v or "" for k, v in (contact or {}).items()},
            electronic_consent_at=now if electronic_consent else None,
            data_consent_at=now if data_consent else None,
            data_consent_version=settings.PQR_PRIVACY_NOTICE_VERSION if data_consent else "",
            data_consent_channel=channel if data_consent else "",
            hand_deadline_at=hand_deadline_at, external_reference=external_reference,
            parent=parent, created_by=actor, received_at=received_at,
            received_reason=received_reason.strip() if received_at else "",
            authority_name=authority_name.strip(), authority_address=authority_address.strip(),
            authority_email=authority_email.strip(),
        )
        case.save()
        term = compliance_services.response_term_open(
            case_id=case.pk, kind=kind, filed_at=case.counts_from,
            hand_deadline_at=hand_deadline_at
        )
        case.response_term = term
        case.save(update_fields=["response_term"])
        events_record_bulk([
            {"case": case, "kind": "case.filed", "actor": actor,
             "data": {"radicado": case.radicado, "kind": kind, "channel": channel,
                      "due_date": term.due_date, "verbal": case.is_verbal,
                      "verbal_record": verbal_record}},
            *({"case": case, "actor": actor, **e} for e in extra_events),
            *([{"case": case, "actor": actor, "kind": "case.received_earlier",
                "data": {"received_on": received_on, "reason": case.received_reason}}]
              if received_at else []),
        ])
        for uploaded, mime, digest in checked:
            _attachment_save(case=case, uploaded=uploaded, mime=mime, digest=digest, actor=actor,
                             kind=Attachment.Kind.PETICION, public=True)
        if assignee is not None:
            case_assign(case=case, assignee=assignee, actor=actor)
        return case


def _received_at(filed_at: datetime, received_on: date | None, reason: str) -> datetime | None:
    """The instant terms count from when the document arrived before it was registered."""
    from compliance.terms import BOGOTA

    if received_on is None:
        return None
    filed_on = timezone.localtime(filed_at, BOGOTA).date()
    if received_on > filed_on:
        raise ValidationError({"received_on": _("La fecha de recibo no puede ser futura.")})
    if received_on == filed_on:
        return None
    if not reason.strip():
        raise ValidationError({"received_reason": _(
            "Explique por qué se radica después del día en que llegó el documento.")})
    # The hour it arrived is unknown: the start of that day (no after-hours shift).
    return datetime.combine(received_on, time.min, tzinfo=BOGOTA)


# --- attachments -----------------------------------------------------------

def _attachment_save(*, case, uploaded, mime, digest, actor, kind, description="", public=False,
                     generated=False):
    # Stored and served as <safe name>.<extension of the detected type>; the
    # name as sent stays in the event, as evidence.
    name = safe_filename(uploaded.name, mime)
    att = Attachment(case=case, kind=kind, original_name=name, content_type=mime,
                     size=uploaded.size, sha256=digest, uploaded_by=actor,
                     description=description, public=public)
    att.file.save(name, uploaded, save=False)
    att.save()
    event_record(case=case, kind="attachment.generated" if generated else "attachment.added",
                 actor=actor, data={"attachment_id": att.pk, "sha256": digest, "kind": kind,
                                    "name": att.original_name,
                                    "sent_name": str(uploaded.name)[:200]})
    return att


@transaction.atomic
def attachment_add(*, case: Case, uploaded, actor, kind: str = Attachment.Kind.EVIDENCIA,
                   description: str = "", public: bool = False) -> Attachment:
    """
    Validate and store a file a person uploads to a case, with its hash and an event.

    Only someone who may attach to this case (intake.policy.can_attach): a
    brigadista only while their visit on it is still to be done.
    """
    require(policy.can_attach(actor, case))
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
                     data={"attachment_id": attachment.pk, "name": attachment.original_name})
    return attachment


# --- state changes -----------------------------------------------------------

@transaction.atomic
def case_transition(*, case: Case, to_status: str, actor, note: str = "",
                    public: bool = True, data=None, act: str | None = None) -> Case:
    """
    Move `case` to `to_status` on behalf of `actor` (None = the system).

    Raise workflow.TransitionNotAllowed if the table forbids it for the
    actor's roles, or if `to_status` is final and `act` is not the legal act
    that reaches it (workflow.FINAL_ACTS); then nothing is written. A final
    state touches no term: the act's service meets the terms it answers, and
    any other term keeps running and expires visibly.
    """
    check_final_act(to_status, act)
    # Lock the row so two clerks clicking at once cannot both pass the check.
    case = Case.objects.select_for_update().get(pk=case.pk)
    from_status = case.status
    check_transition(from_status, to_status, roles_for(actor))
    case.status = to_status
    case.status_changed_at = timezone.now()
    case.save(update_fields=["status", "status_changed_at", "updated_at"])
    event_record(case=case, kind="case.status_changed", actor=actor, public=public, note=note,
                 data={"from": from_status, "to": to_status, **({"act": act} if act else {}),
                       **(data or {})})
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
                 data={"from": previous, "to": assignee.pk,
                       "name": assignee.get_full_name() or assignee.username})
    if case.status == CaseStatus.RADICADO:
        # Assignment is an office decision, not the assignee's: the system moves the state.
        case = case_transition(case=case, to_status=CaseStatus.ASIGNADO, actor=None,
                               public=True)
    return case


@transaction.atomic
def case_annul(*, case: Case, reason: str, actor, duplicate_of: Case | None = None) -> Case:
    """
    Annul a case (the coordinator): the number is kept and never reused; the
    reason is required. A duplicate names the case it repeats, which keeps
    the petition and its terms. Terms still running are cancelled and listed
    in the event; a term already past due stays and expires visibly.
    """
    require(policy.can_annul(actor, case))
    if not reason.strip():
        raise ValidationError({"reason": _("Indique el motivo de la anulación.")})
    if duplicate_of is not None:
        if duplicate_of.pk == case.pk:
            raise ValidationError({"duplicate_of": _("Un caso no puede ser duplicado de sí mismo.")})
        if duplicate_of.status == CaseStatus.ANULADO:
            raise ValidationError({"duplicate_of": _("El caso original está anulado.")})
    case = case_transition(case=case, to_status=CaseStatus.ANULADO, actor=actor, note=reason,
                           act="anulacion",
                           data={"duplicate_of": duplicate_of.radicado if duplicate_of else ""})
    Case.objects.filter(pk=case.pk).update(annulment_reason=reason, duplicate_of=duplicate_of)
    case.annulment_reason, case.duplicate_of = reason, duplicate_of
    cancelled = compliance_services.terms_cancel_for_annulment(case_id=case.pk,
                                                               when=case.status_changed_at)
    event_record(case=case, kind="case.annulled", actor=actor, public=False,
                 data={"duplicate_of": duplicate_of.radicado if duplicate_of else "",
                       "terms_cancelled": cancelled})
    return case
