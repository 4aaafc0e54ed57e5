"""
Reconciling what a public-form filer typed with the customer record.

The public form never changes a customer (anyone may type anyone's document
number): the typed data stays on the case (Case.contact_*, the notification
address and municipality). Staff compare it with the record on the case page
(contact_differences) and accept the fields they have verified
(contact_accept), which writes the customer and a `customer.contact_accepted`
event on the case with the values before and after.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from caserecord.services import event_record
from intake import policy
from intake.models import TYPED_CONTACT_FIELDS, Case, Customer
from pqr_portal.access import require

# The customer fields a public filing may differ in: the typed ones and the municipality.
FIELDS = (*TYPED_CONTACT_FIELDS, "municipality")


@dataclass(frozen=True)
class ContactDifference:
    field: str
    label: str
    typed: str
    on_record: str


def _typed_values(case: Case) -> dict:
    values = case.typed_contact()
    values["municipality"] = case.municipality
    return {f: values[f] for f in FIELDS}


def contact_differences(case: Case) -> list[ContactDifference]:
    """
    The fields a public-form filer typed that differ from the customer record.

    Blank typed fields are not differences (nothing to accept). Desk filings,
    where staff typed into the record itself, have none.
    """
    if not case.has_typed_contact:
        return []
    customer = case.customer
    found = []
    for field, typed in _typed_values(case).items():
        current = getattr(customer, field)
        if typed in (None, "") or typed == current:
            continue
        label = capfirst(Customer._meta.get_field(field).verbose_name)
        found.append(ContactDifference(field=field, label=str(label),
                                       typed=str(typed), on_record=str(current or "")))
    return found


@transaction.atomic
def contact_accept(*, case: Case, fields, actor) -> Customer:
    """
    Copy the chosen typed fields of `case` to its customer and record the event.

    Only fields that still differ are written; asking for none, or for a field
    with no difference, is a ValidationError (the page went stale).
    """
    require(policy.can_reconcile_contact(actor, case))
    fields = list(dict.fromkeys(fields))
    differing = {d.field for d in contact_differences(case)}
    if not fields or not set(fields) <= differing:
        raise ValidationError(_("Los datos del usuario cambiaron mientras tanto. Recargue la "
                                "página."))
    customer = Customer.objects.select_for_update().get(pk=case.customer_id)
    typed = _typed_values(case)
    changes = {}
    for field in fields:
        before, after = getattr(customer, field), typed[field]
        changes[field] = {
            "from": getattr(before, "dane_code", before) or "",
            "to": getattr(after, "dane_code", after) or "",
        }
        setattr(customer, field, after)
    customer.save(update_fields=[*fields, "updated_at"])
    event_record(case=case, kind="customer.contact_accepted", actor=actor,
                 data={"customer_id": customer.pk, "changes": changes})
    case.customer = customer
    return customer
