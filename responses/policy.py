"""
Who may draft, review, issue and notify answers, take recursos and follow the
SSPD, tutelas and SAP recognitions. Conventions: intake/policy.py.

The case itself is reached through intake.selectors.case_get_for (404 for a
case the user may not see); these rules say what the user may do with it.
"""

from __future__ import annotations

from pqr_portal.access import holds_any, roles_for
from pqr_portal.roles import CASE_HANDLERS, CASE_WORKERS, READ_ALL, Role

SYSTEM = frozenset({Role.SYSTEM})


def can_view_responses(user, obj=None) -> bool:
    """Read answers, versions, letters and SSPD remissions: every office role."""
    return holds_any(user, READ_ALL)


def can_draft(user, case=None) -> bool:
    """Start and edit a draft answer, send it to review (and the drafters' queue)."""
    return holds_any(user, CASE_HANDLERS)


def can_edit_response(user, response=None) -> bool:
    return can_draft(user, response.case if response is not None else None)


def can_review(user, response=None) -> bool:
    """Read the review queue, return a draft in review with observations: the coordinator."""
    return Role.COORDINADOR in roles_for(user)


def is_author(user, response) -> bool:
    """True when `user` started the draft or saved one of its versions."""
    if user is None or user.pk is None:
        return False
    return (response.created_by_id == user.pk
            or response.versions.filter(author_id=user.pk).exists())


def can_approve(user, response=None) -> bool:
    """
    Approve a draft in review: the coordinator, but never a draft they wrote
    or edited themselves (separation of duties: another coordinator reviews it).
    """
    if not can_review(user, response):
        return False
    return response is None or not is_author(user, response)


def can_issue(user, response=None) -> bool:
    """Issue an approved answer (outgoing radicado, letter)."""
    return holds_any(user, CASE_HANDLERS)


def can_notify(user, notification=None) -> bool:
    """Send citations, avisos and e-mails and record how the user was notified."""
    return holds_any(user, CASE_HANDLERS | {Role.FRONT_OFFICE})


def can_file_recurso(user, case=None) -> bool:
    """Take a recurso at the desk; SYSTEM is the citizen's public form."""
    return holds_any(user, CASE_WORKERS | SYSTEM)


def can_manage_sspd(user, remission=None) -> bool:
    """Build and send the expediente to the SSPD and record its decision."""
    return holds_any(user, CASE_HANDLERS)


def can_manage_legal(user, case=None) -> bool:
    """Tutelas (order, answer, ruling, compliance) and SAP recognitions."""
    return holds_any(user, CASE_HANDLERS)



def can_record_acts(user, case=None) -> bool:
    """
    Record the acts that take a case off the clock: requerimiento and the
    petitioner's answer, desistimiento (tácito, expreso) and traslado por
    competencia. Annulment is the coordinator's (intake.policy.can_annul).
    """
    return holds_any(user, CASE_HANDLERS)


def can_change_term_with_letter(user, term=None) -> bool:
    """Extend a term or suspend it for pruebas: the letter to the petitioner is issued with it."""
    return holds_any(user, CASE_HANDLERS)


def can_record_dispatch(user, communication=None) -> bool:
    """Register the postal dispatch of a letter to the petitioner (guía, constancia)."""
    return can_notify(user)
