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

    An existing customer keeps the data on record (a stranger typing their
    document number cannot overwrite it): only blank fields are filled. The
    contact data typed this time stays on the case and in an internal event.
    """
    contact = {"first_name": first_name, "last_name": last_name,
               "business_name": business_name, "phone": phone, "email": email,
               "address": address, "municipality": municipality}
    customer = services.customer_upsert(id_type=id_type, id_number=id_number, only_blanks=True,
                                        **contact)
    events = [{
        "kind": "case.public_contact",
        "data": {"first_name": first_name, "last_name": last_name,
                 "business_name": business_name, "phone": phone, "email": email,
                 "address": address,
                 "municipality": municipality.dane_code if municipality else ""},
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
    )
    receipts.receipt_schedule(case)
    return case
