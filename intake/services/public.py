"""
The citizen's filing: customer, case and receipt in one call.

Used by the public form (intake.views.public). One transaction covers the
customer and the case; the receipt is scheduled for after commit, so a
broker, renderer or mail server that is down never loses a filing.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from intake.choices import Channel, NotifyBy
from intake.models import Case
from intake.services import cases as services
from intake.services import receipts
from intake.services.agreements import add_months

# Ley 142 art. 154: no claim lies against a bill issued more than five months before.
BILL_CLAIM_MONTHS = 5


def bill_is_old(bill_issued_on: date | None, today: date) -> bool:
    """Return True when the bill is more than five months old (warn, never reject)."""
    return bill_issued_on is not None and bill_issued_on < add_months(today, -BILL_CLAIM_MONTHS)


@transaction.atomic
def case_file_public(
    *, kind: str, causal, description: str, id_type: str, id_number: str,
    first_name: str = "", last_name: str = "", business_name: str = "", phone: str = "",
    email: str = "", address: str = "", municipality=None, account_number: str = "",
    bill_number: str = "", bill_issued_on: date | None = None, notify_by: str,
    electronic_consent: bool, data_consent: bool, attachments=(),
) -> Case:
    """
    Register a PQR from the public web form and schedule its receipt.

    Anyone may type anyone's document number, so the customer record is only
    found (or created for a new document), never shown back, never used as a
    default and never changed: the contact data typed this time is the case's
    own (`Case.contact_*`, the notification address and municipality) and is
    what the receipt and e-mails show. Staff reconcile it with the record
    explicitly (intake.services.contact).
    """
    typed = {"first_name": first_name, "last_name": last_name,
             "business_name": business_name, "phone": phone, "email": email,
             "address": address}
    customer = services.customer_for_public_filing(
        id_type=id_type, id_number=id_number, municipality=municipality, **typed)
    events = [{
        "kind": "case.public_contact",
        "data": {**typed, "municipality": municipality.dane_code if municipality else ""},
    }]
    if bill_is_old(bill_issued_on, timezone.localdate()):
        events.append({
            "kind": "case.bill_over_five_months",
            "data": {"bill_issued_on": bill_issued_on},
        })
    case = services.case_register(
        kind=kind, channel=Channel.WEB, customer=customer, description=description,
        actor=None, causal=causal, account_number=account_number, bill_number=bill_number,
        bill_issued_on=bill_issued_on, notify_by=notify_by,
        notify_email=email if notify_by == NotifyBy.EMAIL else "",
        notify_address=address, municipality=municipality,
        electronic_consent=electronic_consent and notify_by == NotifyBy.EMAIL,
        data_consent=data_consent, attachments=attachments, extra_events=events,
        contact=typed,
    )
    receipts.receipt_schedule(case)
    return case
