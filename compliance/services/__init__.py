"""
Every write to terms goes through this package: `terms` (open, meet, cancel),
`adjustments` (suspensions, extensions, recomputation), `closures` (company
closures), `legal_terms` (the terms other apps open, each rule stated once). Reads of the clock live in compliance.clock, shared reads in
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
from compliance.services.nonconformities import nonconformity_set_status
from compliance.services.terms import (
    nonconformity_late_record,
    response_term_met_by,
    response_term_open,
    term_meet,
    term_open,
    terms_cancel_for_case,
)

__all__ = [
    "SUSPENSION_CAUSES", "adjustment_communicated", "alert_raise", "coordinator_ids",
    "extension_check", "suspensions_expire",
    "HandDeadlineRequired", "after_hours_cutoff", "appearance_term_open", "band_now",
    "catalogue_cache_clear", "citation_term_open", "closure_delete", "closure_save",
    "legal_calendar", "recurso_window_term_open", "sap_recognition_term_open",
    "sspd_remission_days", "sspd_remission_term_open", "term_band",
    "tutela_compliance_term_open",
    "nonconformity_late_record", "nonconformity_set_status", "response_term_met_by", "response_term_open",
    "term_calculate", "term_due_recompute", "term_extend", "term_meet", "term_open",
    "term_resume", "term_rule_for", "term_suspend", "terms_cancel_for_case", "year_calendar",
]
