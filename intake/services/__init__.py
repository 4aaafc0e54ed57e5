"""
Every write of intake goes through this package, one module per intention
family: `cases` (numbering, registration, attachments, state changes,
assignment), `public` (the citizen's filing), `desk` (front-office
registration, quick answers, bulk assignment), `receipts` (the constancia de
radicación), `agreements` (acuerdos de pago), `assignment` (round robin),
`contact` (accepting a public filing's typed data into the customer record).

Each service runs in one transaction, writes its event through
caserecord.services.event_record, and schedules side effects with
transaction.on_commit. Other apps call the case services re-exported here
(never Case.objects.update) to change a case.
"""

from intake.services.cases import (
    INCOMING_SERIES,
    OUTGOING_SERIES,
    attachment_add,
    attachment_add_bytes,
    attachment_publish,
    case_annul,
    case_assign,
    case_register,
    case_transition,
    customer_upsert,
    radicado_next,
)

__all__ = [
    "INCOMING_SERIES", "OUTGOING_SERIES", "attachment_add", "attachment_add_bytes",
    "attachment_publish", "case_annul", "case_assign", "case_register", "case_transition",
    "customer_upsert", "radicado_next",
]
