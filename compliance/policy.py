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



# --- the quality system: non-conformities, actions, retraining, QHSE, plan --------------
# Who treats deviations (CPAI-001, Act): the coordinator, with the gestores.
NC_OPENERS = frozenset({Role.COORDINADOR, Role.BACK_OFFICE, Role.FRONT_OFFICE})
INSPECTORS = frozenset({Role.COORDINADOR, Role.BRIGADISTA})


def can_view_nonconformities(user) -> bool:
    """The register of non-conformities: every office role reads it."""
    return holds_any(user, READ_ALL)


def can_open_nonconformity(user) -> bool:
    """Record a non-conformity by hand (audit, complaint, other)."""
    return holds_any(user, NC_OPENERS)


def can_treat_nonconformity(user, nc=None) -> bool:
    """
    Analyse the cause, add actions and retraining, send to verification: the
    coordinator, or the responsible person named on the non-conformity.
    """
    if holds_any(user, {Role.COORDINADOR} | SYSTEM):
        return True
    if not holds_any(user, NC_OPENERS):
        return False
    return nc is None or (nc.responsible_id is not None and nc.responsible_id == user.pk)


def can_close_nonconformity(user, nc=None) -> bool:
    """Verify effectiveness, close or annul: the coordinator only."""
    return holds_any(user, {Role.COORDINADOR})


def can_view_my_actions(user) -> bool:
    """Every staff member sees the corrective actions and retraining assigned to them."""
    return holds_any(user, STAFF)


def can_work_action(user, action=None) -> bool:
    """Start, finish (with evidence) a corrective action: its owner or the coordinator."""
    if holds_any(user, {Role.COORDINADOR}):
        return True
    if not holds_any(user, STAFF):
        return False
    return action is None or action.owner_id == user.pk


def can_manage_trainings(user) -> bool:
    """Schedule retraining and record it done: the coordinator."""
    return holds_any(user, {Role.COORDINADOR})


def can_view_trainings(user) -> bool:
    return holds_any(user, READ_ALL)


def can_manage_checklists(user) -> bool:
    """Create and edit (version) the QHSE checklists."""
    return holds_any(user, {Role.COORDINADOR})


def can_inspect(user) -> bool:
    """Apply a checklist: the coordinator supervising, the brigadista before a visit."""
    return holds_any(user, INSPECTORS)


def can_view_inspections(user) -> bool:
    """Office roles read every inspection; a brigadista reads the ones they made or received."""
    return holds_any(user, READ_ALL | INSPECTORS)


def can_view_plans(user) -> bool:
    return holds_any(user, READ_ALL)


def can_draft_plan(user) -> bool:
    """Draft, edit, send and version the service plan: the coordinator."""
    return holds_any(user, {Role.COORDINADOR})


def can_approve_plan(user) -> bool:
    """Approve or return the service plan: the gerente."""
    return holds_any(user, {Role.GERENTE})


def can_view_support_requests(user) -> bool:
    return holds_any(user, READ_ALL)


def can_manage_support_requests(user) -> bool:
    """Open, send and close requests to the support processes, record their answer."""
    return holds_any(user, {Role.COORDINADOR})
