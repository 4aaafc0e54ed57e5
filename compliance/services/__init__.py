"""
Every write to terms goes through this package: `terms` (open, meet, cancel),
`adjustments` (suspensions, extensions, recomputation), `closures` (company
closures). Reads of the clock live in compliance.clock, shared reads in
compliance.selectors. Cases are referred to by id: compliance imports no
other domain app.
"""

from compliance.clock import (
    HandDeadlineRequired,
    after_hours_cutoff,
    band_now,
    catalogue_cache_clear,
    legal_calendar,
    term_calculate,
    term_rule_for,
    year_calendar,
)
from compliance.services.adjustments import (
    term_due_recompute,
    term_extend,
    term_resume,
    term_suspend,
)
from compliance.services.closures import closure_delete, closure_save
from compliance.services.nonconformities import nonconformity_set_status
from compliance.services.terms import (
    late_description,
    nonconformity_late_record,
    response_term_met_by,
    response_term_open,
    term_meet,
    term_open,
    terms_cancel_for_case,
)

__all__ = [
    "HandDeadlineRequired", "after_hours_cutoff", "band_now", "catalogue_cache_clear",
    "closure_delete", "closure_save", "late_description", "legal_calendar",
    "nonconformity_late_record", "nonconformity_set_status", "response_term_met_by", "response_term_open",
    "term_calculate", "term_due_recompute", "term_extend", "term_meet", "term_open",
    "term_resume", "term_rule_for", "term_suspend", "terms_cancel_for_case", "year_calendar",
]
