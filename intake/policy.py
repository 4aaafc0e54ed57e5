"""
Who may do what with cases, customers and payment agreements: stated once.

Every rule is a plain function of the user (and of the object when it
matters), built on pqr_portal.access.roles_for. Views, navigation, templates
and services ask these functions; none of them repeats a role set.

Conventions (the same in every app's policy.py):
- `can_x(user)` answers "may this user ever do x" (the URL guard, the menu);
  `can_x(user, obj)` adds the object-level rule (whose object it is).
- `user` None is the SYSTEM actor (Celery tasks, the citizen's public pages);
  a rule allows it only where such callers exist.
- Policies say who may act, not when: a case in the wrong state is the
  service's ValidationError, not a permission.
"""

from __future__ import annotations

from pqr_portal.access import holds_any, roles_for
from pqr_portal.roles import CASE_HANDLERS, CASE_WORKERS, READ_ALL, Role

SYSTEM = frozenset({Role.SYSTEM})
# Who distributes cases among the gestores.
ASSIGNERS = frozenset({Role.COORDINADOR, Role.BACK_OFFICE, Role.AUXILIAR})
# Who offers and follows payment agreements at the desk.
AGREEMENT_MAKERS = frozenset({Role.FRONT_OFFICE, Role.COORDINADOR})
# Who answers an information request at the counter and closes it at once.
QUICK_ANSWERERS = frozenset({Role.FRONT_OFFICE, Role.COORDINADOR})


# --- reading ---------------------------------------------------------------------

def can_view_all_cases(user) -> bool:
    """The office roles read every case (list, search)."""
    return holds_any(user, READ_ALL)


# A visit still to be done (field_visits.models.Visit.Status.SCHEDULED; intake
# names it by value, it never imports field_visits). Executed, failed,
# rescheduled and annulled visits are finished.
LIVE_VISIT_STATUS = "programada"


def can_view_own_visit_cases(user) -> bool:
    """A brigadista reads only the cases of their visits still to be done."""
    return Role.BRIGADISTA in roles_for(user)


def live_visit_filter(user) -> dict:
    """
    The Case filter of a brigadista's cases: one of their visits on it is not
    finished. Access ends when the last of their visits on the case ends.
    """
    return {"revision_orders__visits__brigadista": user,
            "revision_orders__visits__status": LIVE_VISIT_STATUS}


def can_view_case(user, case=None) -> bool:
    """Open a case page: every office role; a brigadista only while their visit on it is live."""
    if can_view_all_cases(user):
        return True
    if not can_view_own_visit_cases(user):
        return False
    if case is None:
        return True
    return type(case).objects.filter(pk=case.pk, **live_visit_filter(user)).exists()


def can_print_receipt(user, case=None) -> bool:
    return can_view_all_cases(user)


def can_view_customers(user) -> bool:
    return holds_any(user, READ_ALL)


# --- working a case ------------------------------------------------------------------

def can_register(user) -> bool:
    """Register a PQR taken at the desk, by phone or in writing."""
    return holds_any(user, CASE_WORKERS)


def can_quick_answer(user) -> bool:
    """
    Record information answered at first contact, a case closed at once: the
    front office (and the coordinator), the roles the case table lets close a
    radicado by that act (intake.workflow, radicado -> cerrado).
    """
    return holds_any(user, QUICK_ANSWERERS)


def can_change_status(user, case=None) -> bool:
    """
    Use the state buttons of a case. Which moves each role may make is the
    transition table (intake.workflow.TRANSITIONS); this is the door to it.
    """
    if case is not None and not can_view_case(user, case):
        return False
    return holds_any(user, CASE_WORKERS | {Role.BRIGADISTA})


def can_attach(user, case=None) -> bool:
    """Add a document to a case (the brigadista to the cases of their visits)."""
    return can_change_status(user, case)


def can_reconcile_contact(user, case=None) -> bool:
    """
    Accept into the customer record the contact data typed on a public filing:
    those who register and verify petitioners at the desk and in the back office.
    """
    return holds_any(user, CASE_WORKERS)


def can_assign(user, case=None) -> bool:
    """Give a case to a gestor, by hand or in turn; SYSTEM assigns at registration."""
    return holds_any(user, ASSIGNERS | SYSTEM)


def can_annul(user, case=None) -> bool:
    """Annul a case (the number is never reused): the coordinator alone."""
    return Role.COORDINADOR in roles_for(user)


def can_manage_agreements(user, agreement=None) -> bool:
    """Offer, print and follow payment agreements."""
    return holds_any(user, AGREEMENT_MAKERS)


# --- personal data (Ley 1581 de 2012) -------------------------------------------------

def can_correct_customer(user) -> bool:
    """Correct a holder's record on a reclamo de corrección: who answers cases."""
    return holds_any(user, CASE_HANDLERS)


def can_erase_personal_data(user) -> bool:
    """Anonymise what is past retention: irreversible, so the coordinator alone."""
    return Role.COORDINADOR in roles_for(user)


def can_manage_teams(user) -> bool:
    """Create teams and choose their members: the coordinator."""
    return holds_any(user, {Role.COORDINADOR})
