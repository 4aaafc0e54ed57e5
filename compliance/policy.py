"""
Who may see and change the legal calendar, use the calculator, read alerts
and adjust terms. Conventions: intake/policy.py.
"""

from __future__ import annotations

from pqr_portal.access import holds_any
from pqr_portal.roles import CASE_HANDLERS, CASE_WORKERS, READ_ALL, STAFF, Role

SYSTEM = frozenset({Role.SYSTEM})


def can_view_calendar(user) -> bool:
    """The business-day calendar is reference for every office role."""
    return holds_any(user, READ_ALL)


def can_edit_calendar(user) -> bool:
    """Declare, change or remove company closures (SYSTEM: data loads and tasks)."""
    return holds_any(user, {Role.COORDINADOR} | SYSTEM)


def can_use_calculator(user) -> bool:
    """The term calculator, for the roles that work cases."""
    return holds_any(user, CASE_WORKERS)


def can_view_alerts(user) -> bool:
    """Every staff member reads (and marks) the alerts addressed to them."""
    return holds_any(user, STAFF)


def can_adjust_terms(user, term=None) -> bool:
    """
    Suspend, resume or extend a term. SYSTEM ends a suspension for evidence by
    itself when the last revision order of the case closes.
    """
    return holds_any(user, CASE_HANDLERS | SYSTEM)

