"""Who may read the process indicators and produce the reports. Conventions: intake/policy.py."""

from __future__ import annotations

from pqr_portal.access import holds_any
from pqr_portal.roles import OVERSIGHT, Role


def can_view_dashboard(user) -> bool:
    """The dashboard, the indicators and the reports: the coordinator and the gerente."""
    return holds_any(user, OVERSIGHT)


def can_manage_reports(user) -> bool:
    """Generate the SUI file and the monthly report, set targets, approve: the coordinator."""
    return holds_any(user, {Role.COORDINADOR})


def can_export(user) -> bool:
    """Export the lists of reports (cases, SUI rows, indicators, novelties): coordinator, gerente."""
    return holds_any(user, OVERSIGHT)
