"""
Every write to terms goes through this package: `terms` (open, meet, cancel),
`adjustments` (suspensions, extensions, recomputation), `closures` (company
closures), `legal_terms` (the terms other apps open, each rule stated once); the
quality system: `nonconformities`, `nc_links` (the cases, visits and people concerned), `actions` (corrective actions, retraining,
reminders), `qhse` (checklists, inspections), `repetition`, `plans`, `support`. Reads of the clock live in compliance.clock, shared reads in
compliance.selectors. Cases are referred to by id: compliance imports no
other domain app.
"""

from compliance.clock import (
    HandDeadlineRequired,
    after_hours_cutoff,
    band_now,
    catalogue_cache_clear,
    legal_calendar,
    term_band,
    term_calculate,
    term_rule_for,
    year_calendar,
)
from compliance.services.act_terms import (
    completion_extend,
    completion_term,
    requerimiento_limit,
    requerimiento_terms_record,
    response_term_of,
    term_was_late,
    terms_cancel_for_annulment,
    terms_meet_by_act,
    traslado_limit,
    traslado_term_record,
)
from compliance.services.actions import (
    action_add,
    action_set_status,
    reminders_send,
    training_schedule,
    training_set_status,
)
from compliance.services.adjustments import (
    SUSPENSION_CAUSES,
    adjustment_communicated,
    extension_check,
    suspensions_expire,
    term_due_recompute,
    term_extend,
    term_resume,
    term_suspend,
)
from compliance.services.alerts import alert_raise, coordinator_ids
from compliance.services.closures import closure_delete, closure_save
from compliance.services.legal_terms import (
    appearance_term_open,
    citation_term_open,
    recurso_window_term_open,
    sap_recognition_term_open,
    sspd_remission_days,
    sspd_remission_term_open,
    tutela_compliance_term_open,
)
from compliance.services.nc_links import (
    concerned,
    nonconformity_link,
    nonconformity_unlink,
)
from compliance.services.nonconformities import (
    closure_blockers,
    nonconformity_analyse,
    nonconformity_open,
    nonconformity_set_status,
    nonconformity_verify,
)
from compliance.services.plans import (
    plan_create,
    plan_decide,
    plan_new_version,
    plan_save,
    plan_submit,
)
from compliance.services.qhse import checklist_save, inspection_record, safety_check_failed
from compliance.services.repetition import repetitions_check
from compliance.services.support import support_request_move, support_request_open
from compliance.services.terms import (
    nonconformity_late_record,
    response_term_met_by,
    response_term_open,
    term_meet,
    term_open,
)

__all__ = [
    "HandDeadlineRequired", "after_hours_cutoff", "completion_extend", "completion_term", "requerimiento_limit",
    "requerimiento_terms_record", "response_term_of", "term_was_late",
    "terms_cancel_for_annulment", "terms_meet_by_act", "traslado_limit", "traslado_term_record", "appearance_term_open", "band_now",
    "SUSPENSION_CAUSES", "adjustment_communicated", "alert_raise", "coordinator_ids",
    "extension_check", "suspensions_expire",
    "HandDeadlineRequired", "after_hours_cutoff", "appearance_term_open", "band_now",
    "catalogue_cache_clear", "citation_term_open", "closure_delete", "closure_save",
    "legal_calendar", "recurso_window_term_open", "sap_recognition_term_open",
    "sspd_remission_days", "sspd_remission_term_open", "term_band",
    "tutela_compliance_term_open",
    "nonconformity_late_record", "nonconformity_set_status", "response_term_met_by", "response_term_open",
    "term_calculate", "term_due_recompute", "term_extend", "term_meet", "term_open",
    "term_resume", "term_rule_for", "term_suspend", "year_calendar",
    # the quality system
    "action_add", "action_set_status", "concerned", "nonconformity_link",
    "nonconformity_unlink", "checklist_save", "closure_blockers",
    "inspection_record", "nonconformity_analyse", "nonconformity_open", "nonconformity_verify",
    "plan_create", "plan_decide", "plan_new_version", "plan_save", "plan_submit",
    "reminders_send", "repetitions_check", "safety_check_failed", "support_request_move",
    "support_request_open", "training_schedule", "training_set_status",
]
