"""Who may read the process indicators. Conventions: intake/policy.py."""

from __future__ import annotations

from pqr_portal.access import holds_any
from pqr_portal.roles import OVERSIGHT


def can_view_dashboard(user) -> bool:
    """The indicator dashboard (and its CSV): the coordinator and the gerente."""
    return holds_any(user, OVERSIGHT)
