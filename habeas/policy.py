"""
Who may work the data holder's requests (Ley 1581 de 2012). Conventions:
intake/policy.py. The citizen (SYSTEM) files through radicado + tracking code.
"""

from __future__ import annotations

from intake.choices import HABEAS_DATA_KINDS
from pqr_portal.access import holds_any, roles_for
from pqr_portal.roles import CASE_HANDLERS, Role

SYSTEM = frozenset({Role.SYSTEM})


def is_habeas_case(case) -> bool:
    return case is not None and case.kind in HABEAS_DATA_KINDS


def can_file_public(user) -> bool:
    """The citizen's page (SYSTEM): identified by radicado + tracking code."""
    return holds_any(user, SYSTEM)


def can_issue_access_report(user, case=None) -> bool:
    """Gather and attach everything held about the holder: who answers the case."""
    return holds_any(user, CASE_HANDLERS)


def can_correct_data(user, case=None) -> bool:
    """Correct the holder's record on a reclamo de corrección: who answers the case."""
    return holds_any(user, CASE_HANDLERS)


def can_suppress(user, case=None) -> bool:
    """Anonymise what is past retention: irreversible, so the coordinator alone."""
    return Role.COORDINADOR in roles_for(user)
