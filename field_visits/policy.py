"""
Who may programme visits, work them in the field and read or correct actas.
Conventions: intake/policy.py.
"""

from __future__ import annotations

from pqr_portal.access import holds_any, roles_for
from pqr_portal.roles import CASE_HANDLERS, OVERSIGHT, READ_ALL, Role


def _reads_all(user) -> bool:
    return holds_any(user, READ_ALL)


def _is_brigadista(user) -> bool:
    return Role.BRIGADISTA in roles_for(user)


def _is_own(user, brigadista_id) -> bool:
    return user is not None and brigadista_id is not None and brigadista_id == user.pk


def can_program(user, order=None) -> bool:
    """Create revision orders, schedule, move and annul visits (the office's calendar)."""
    return holds_any(user, CASE_HANDLERS)


def can_view_visit_indicators(user) -> bool:
    return holds_any(user, OVERSIGHT)


def can_view_orders_of_all(user) -> bool:
    """The office roles read every order, visit and acta; a brigadista only their own."""
    return _reads_all(user)


def can_view_order(user, order=None) -> bool:
    """
    The office roles read every order; a brigadista an order only while one
    of their visits on it is still to be done (their access to the case ends
    with their visits, as in intake.policy.can_view_case).
    """
    if _reads_all(user):
        return True
    if not _is_brigadista(user):
        return False
    if order is None:
        return True
    return order.visits.filter(brigadista=user, status="programada").exists()


def can_see_case_of_visit(user, visit) -> bool:
    """
    The customer's name, phone and the case's text on a visit page: the office
    roles always; the brigadista only while the visit is still to be done. A
    finished visit keeps showing them its own record (window, outcome, acta).
    """
    if _reads_all(user):
        return True
    return can_work_visit(user, visit) and visit.is_scheduled


def can_be_assigned_visits(user) -> bool:
    """Whom a visit may be given to."""
    return _is_brigadista(user)


def can_work_visit(user, visit=None) -> bool:
    """The safety check, the acta and a failed visit: only the brigadista the visit is for."""
    if not _is_brigadista(user):
        return False
    return visit is None or _is_own(user, visit.brigadista_id)


def can_view_acta(user, acta=None) -> bool:
    if _reads_all(user):
        return True
    if not _is_brigadista(user):
        return False
    return acta is None or _is_own(user, acta.brigadista_id)


def can_correct_acta(user, acta=None) -> bool:
    """A correction is recorded by the brigadista who signed the acta or by the coordinator."""
    roles = roles_for(user)
    if Role.COORDINADOR in roles:
        return True
    if Role.BRIGADISTA not in roles:
        return False
    return acta is None or _is_own(user, acta.brigadista_id)
