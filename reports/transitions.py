"""The declared moves of the monthly management report (caserecord.transitions)."""

from caserecord.transitions import TransitionTable
from pqr_portal.roles import Role

MANAGEMENT_REPORT = TransitionTable("reports.managementreport", {
    ("generado", "aprobado"): {Role.COORDINADOR},
    ("aprobado", "enviado"): {Role.COORDINADOR, Role.SYSTEM},
})

# The cuenta de cobro is born "enviada" (generated and delivered to the client); the
# client's observations and the agreement are recorded by the coordinator.
BILLING_STATEMENT = TransitionTable("reports.billingstatement", {
    ("enviada", "observada"): {Role.COORDINADOR},
    ("observada", "enviada"): {Role.COORDINADOR},  # corrected and sent again
    ("enviada", "acordada"): {Role.COORDINADOR},
    ("observada", "acordada"): {Role.COORDINADOR},
})
