"""
Every write of the responses app goes through this package.

Drafting, review and approval of an answer; issuing the letter (outgoing
radicado, PDF, hash, verification code); its notification under CPACA;
recursos, the traslado to the SSPD, tutelas and SAP recognitions. Each
service runs in one transaction, writes its case event through
caserecord.services.event_record (kinds declared in responses/events.py), and
changes case states only through intake.services.case_transition. Callers
import from here.
"""

from responses.services.acts import (
    completion_extension_record,
    completion_record,
    desistimiento_expreso_record,
    desistimiento_tacito_draft,
    requerimiento_send,
    traslado_record,
)
from responses.services.common import (
    APELACION_TRIGGERS,
    DRAFTABLE_STATUSES,
    default_payment_reminder,
    default_recursos_text,
)
from responses.services.communications import (
    communication_issue,
    communication_record_dispatch,
)
from responses.services.dispatch import letter_dispatch_record
from responses.services.drafting import (
    response_approve,
    response_create,
    response_problems,
    response_return,
    response_save,
    response_submit,
    templates_for,
)
from responses.services.issuing import response_issue
from responses.services.legal import (
    sap_open,
    sap_record_outcome,
    tutela_record_answer_filed,
    tutela_record_compliance,
    tutela_record_order,
    tutela_record_ruling,
)
from responses.services.notification import (
    citation_letter,
    notification_citation_dispatch,
    notification_open,
    notification_publish,
    notification_record_appearance,
    notification_record_aviso_delivery,
    notification_send_aviso,
    notification_send_citation,
    notification_send_electronic,
    notifications_sweep,
)
from responses.services.recursos import recurso_file, recurso_window
from responses.services.sspd import (
    build_expediente_pdf,
    expediente_build,
    expediente_documents,
    expedientes_retry_pending,
    remission_build_expediente,
    remission_next_step,
    remission_open,
    remission_record_compliance,
    remission_record_decision,
    remission_record_sent,
    remission_request_expediente,
)
from responses.services.term_letters import term_extension_grant, term_suspension_for_pruebas

__all__ = [
    "APELACION_TRIGGERS", "completion_extension_record", "completion_record", "desistimiento_expreso_record",
    "desistimiento_tacito_draft", "requerimiento_send", "traslado_record", "DRAFTABLE_STATUSES", "build_expediente_pdf",
    "communication_issue", "communication_record_dispatch", "letter_dispatch_record", "term_extension_grant",
    "term_suspension_for_pruebas", "remission_next_step",
    "APELACION_TRIGGERS", "DRAFTABLE_STATUSES", "build_expediente_pdf",
    "default_payment_reminder", "default_recursos_text", "expediente_documents",
    "notification_open", "notification_publish", "notification_record_appearance",
    "notification_record_aviso_delivery", "notification_send_aviso",
    "citation_letter", "notification_citation_dispatch", "notification_send_citation", "notification_send_electronic", "notifications_sweep",
    "recurso_file", "recurso_window", "remission_build_expediente", "remission_open",
    "remission_record_compliance", "remission_record_decision", "remission_record_sent",
    "remission_request_expediente", "expediente_build", "expedientes_retry_pending",
    "response_approve", "response_create", "response_issue", "response_problems",
    "response_return", "response_save", "response_submit", "sap_open", "sap_record_outcome",
    "templates_for", "tutela_record_answer_filed", "tutela_record_compliance",
    "tutela_record_order", "tutela_record_ruling",
]
