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
    """Export the lists of reports without personal data (the indicators): coordinator, gerente."""
    return holds_any(user, OVERSIGHT)


def can_export_personal(user) -> bool:
    """
    Export a list with a row per person or case (cases, SUI rows and file,
    the cuenta's detail, payroll novelties): the coordinator alone. Every
    export is logged (caserecord.DataAccess).
    """
    return holds_any(user, {Role.COORDINADOR})


def can_export_list(user, spec) -> bool:
    """Export the list `spec` (reports.export_lists.ExportSpec)."""
    return can_export_personal(user) if spec.personal else can_export(user)
