"""The declared moves of the monthly management report (caserecord.transitions)."""

from caserecord.transitions import TransitionTable
from pqr_portal.roles import Role

MANAGEMENT_REPORT = TransitionTable("reports.managementreport", {
    ("generado", "aprobado"): {Role.COORDINADOR},
    ("aprobado", "enviado"): {Role.COORDINADOR, Role.SYSTEM},
})
