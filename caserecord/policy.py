"""Who may read the record's own logs. Conventions: intake/policy.py."""

from __future__ import annotations

from pqr_portal.access import roles_for
from pqr_portal.roles import Role


def can_view_access_log(user) -> bool:
    """
    Read (and export) the log of reads of personal data: the coordinator,
    who answers for the data (Ley 1581 de 2012) and alone exports cases.
    """
    return Role.COORDINADOR in roles_for(user)
