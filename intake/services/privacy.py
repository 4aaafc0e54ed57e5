"""
Erasing a holder's personal data from intake's rows (Ley 1581 de 2012 art. 15).

Only what intake owns: the personal fields of a case, the files of its
attachments, and the customer record. Deciding which cases are past their
retention is the caller's (habeas.services.suppression); these services
only refuse a case that is still open. Each writes an event that names no
personal data.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from caserecord.services import event_record
from intake import policy
from intake.choices import FINAL_STATUSES
from intake.models import TYPED_CONTACT_FIELDS, Attachment, Case, Customer
from pqr_portal.access import require

# What an erased description reads (a marker, also how an erased case is recognised).
ERASED = "[Datos personales suprimidos a solicitud del titular]"
# The personal fields of a case, emptied (description gets the marker).
CASE_PERSONAL_FIELDS = ("subject", "account_number", "bill_number", "notify_email",
                        "notify_address", "first_contact_answer", "received_reason",
                        *(f"contact_{k}" for k in TYPED_CONTACT_FIELDS))


def case_is_erased(case: Case) -> bool:
    return case.description == ERASED


@transaction.atomic
def case_personal_data_erase(*, case: Case, actor, request_radicado: str) -> Case:
    """
    Empty the personal fields of a finished `case` and delete its files.

    The radicado, kind, dates, status, causal and municipality stay (the
    statistics and the SUI history need no person). Attachments keep their
    row and SHA-256; the stored file is deleted and its name replaced.
    """
    require(policy.can_erase_personal_data(actor))
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status not in FINAL_STATUSES:
        raise ValidationError(_("Un caso en trámite no se puede anonimizar."))
    for name in CASE_PERSONAL_FIELDS:
        setattr(case, name, "")
    case.description = ERASED
    case.bill_issued_on = None
    case.save(update_fields=[*CASE_PERSONAL_FIELDS, "description", "bill_issued_on",
                             "updated_at"])
    erased_files = 0
    for att in Attachment.objects.select_for_update().filter(case=case):
        if att.file:
            att.file.storage.delete(att.file.name)
            erased_files += 1
        ext = att.original_name.rsplit(".", 1)[-1] if "." in att.original_name else "bin"
        Attachment.objects.filter(pk=att.pk).update(file="", original_name=f"suprimido.{ext}",
                                                    description="")
    event_record(case=case, kind="case.personal_data_erased", actor=actor, public=False,
                 data={"request": request_radicado, "files_deleted": erased_files})
    return case


@transaction.atomic
def customer_personal_data_erase(*, customer: Customer, actor, request_radicado: str) -> Customer:
    """Replace the customer record's personal data by a placeholder document number."""
    require(policy.can_erase_personal_data(actor))
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    customer.id_number = f"SUPRIMIDO-{customer.pk}"[:20]
    for name in ("first_name", "last_name", "business_name", "phone", "email", "address",
                 "accounts"):
        setattr(customer, name, "")
    customer.estrato = None
    customer.municipality = None
    customer.save()
    event_record(record=customer, kind="customer.personal_data_erased", actor=actor,
                 data={"request": request_radicado})
    return customer


@transaction.atomic
def customer_correct(*, customer: Customer, actor, case: Case, **fields) -> list[str]:
    """
    Correct the holder's record on a reclamo de corrección (`case`).

    Return the names of the fields changed; the event on the case lists those
    names, never the old or new values.
    """
    require(policy.can_correct_customer(actor))
    allowed = {"first_name", "last_name", "business_name", "phone", "email", "address"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not correctable: {sorted(unknown)}")
    customer = Customer.objects.select_for_update().get(pk=customer.pk)
    changed = [k for k, v in fields.items() if v is not None and getattr(customer, k) != v]
    for k in changed:
        setattr(customer, k, fields[k])
    if changed:
        customer.save(update_fields=[*changed, "updated_at"])
    event_record(case=case, kind="customer.corrected", actor=actor, public=True,
                 data={"fields": changed})
    return changed
