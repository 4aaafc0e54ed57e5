"""
The roles of process CPAI-001, as Django groups.

Plain data: group names, the Role enum used by the workflow tables, each
role's landing page, and which model permissions each group holds (kept in
sync by a post_migrate handler, so new models only need a line here).
"""

from enum import StrEnum


class Role(StrEnum):
    CIUDADANO = "ciudadano"
    FRONT_OFFICE = "front_office"
    BACK_OFFICE = "back_office"
    BRIGADISTA = "brigadista"
    COORDINADOR = "coordinador"
    AUXILIAR = "auxiliar"
    GERENTE = "gerente"
    SYSTEM = "system"  # Celery beat, the citizen's public pages, other unattended callers


GROUP_NAMES: dict[Role, str] = {
    Role.CIUDADANO: "Ciudadano",
    Role.FRONT_OFFICE: "Gestor comercial PAC front office",
    Role.BACK_OFFICE: "Gestor comercial PAC back office",
    Role.BRIGADISTA: "Brigadista PQR",
    Role.COORDINADOR: "Coordinador de proceso",
    Role.AUXILIAR: "Auxiliar administrativo",
    Role.GERENTE: "Gerente general",
}
ROLE_BY_GROUP = {name: role for role, name in GROUP_NAMES.items()}

# Staff roles that work cases (may see every case of the office).
CASE_WORKERS = frozenset({Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.COORDINADOR, Role.AUXILIAR})
READ_ALL = CASE_WORKERS | {Role.GERENTE}
# The roles that handle the substance of a case: answers, visits, term adjustments.
CASE_HANDLERS = frozenset({Role.BACK_OFFICE, Role.COORDINADOR})
# Every role that logs in to the staff pages.
STAFF = READ_ALL | {Role.BRIGADISTA}
# The roles that read the process indicators.
OVERSIGHT = frozenset({Role.COORDINADOR, Role.GERENTE})

# Where each role lands after login (URL names).
LANDING_URL = {
    Role.FRONT_OFFICE: "work:front-office",
    Role.BACK_OFFICE: "work:back-office",
    Role.BRIGADISTA: "field_visits:my-visits",  # the visit list is their work page
    Role.COORDINADOR: "work:coordinador",
    Role.AUXILIAR: "work:auxiliar",
    Role.GERENTE: "work:gerente",  # indicators against targets, the plan to approve
}

_VIEW = ("view",)
_WORK = ("view", "add", "change")

# app_label.model -> actions, per group. The Ciudadano group holds nothing:
# citizens never log in, they reach their case with radicado + tracking code.
ROLE_PERMISSIONS: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.CIUDADANO: {},
    Role.FRONT_OFFICE: {
        "intake.case": _WORK, "intake.customer": _WORK, "intake.attachment": _WORK,
        "intake.paymentagreement": _WORK, "caserecord.event": _VIEW, "compliance.term": _VIEW,
    },
    Role.BACK_OFFICE: {
        "intake.case": _WORK, "intake.customer": _WORK, "intake.attachment": _WORK,
        "caserecord.event": _VIEW, "compliance.term": _VIEW, "compliance.termadjustment": _WORK,
        "responses.response": _WORK, "responses.issuedletter": _VIEW,
        "responses.notification": _WORK, "responses.recurso": _WORK,
        "field_visits.revisionorder": _WORK, "field_visits.acta": _VIEW,
    },
    Role.BRIGADISTA: {
        "intake.case": _VIEW, "intake.attachment": ("view", "add"),
        "field_visits.visit": _VIEW, "field_visits.acta": ("view", "add"),
    },
    Role.COORDINADOR: {
        "intake.case": _WORK, "intake.customer": _WORK, "intake.attachment": _WORK,
        "intake.paymentagreement": _WORK, "caserecord.event": _VIEW,
        "intake.causal": _WORK, "intake.municipality": _WORK,
        "compliance.term": _VIEW, "compliance.termrule": _WORK,
        "compliance.termadjustment": _WORK, "compliance.extraclosure": _WORK + ("delete",),
        "compliance.nonconformity": _WORK,
        "responses.responsetemplate": _WORK, "responses.response": _VIEW,
        "responses.issuedletter": _VIEW, "responses.notification": _VIEW,
        "responses.recurso": _VIEW, "responses.sspdremission": _VIEW,
        "field_visits.revisionorder": _VIEW, "field_visits.visit": _VIEW,
        "field_visits.acta": _VIEW,
        # The TRD is also editable in the admin site (AuditedAdmin); the archive is read there.
        "archive.retentionseries": _WORK, "archive.archivedfile": _VIEW, "archive.fileloan": _VIEW,
    },
    Role.AUXILIAR: {
        "intake.case": ("view", "add"), "intake.customer": _WORK, "intake.attachment": _WORK,
        "caserecord.event": _VIEW, "archive.retentionseries": _WORK,
        "archive.archivedfile": _VIEW, "archive.fileloan": _VIEW,
    },
    Role.GERENTE: {
        "intake.case": _VIEW, "intake.customer": _VIEW, "caserecord.event": _VIEW,
        "compliance.term": _VIEW, "compliance.nonconformity": _VIEW,
        "responses.issuedletter": _VIEW, "field_visits.acta": _VIEW,
    },
}


def roles_of_group_names(names) -> frozenset[Role]:
    """Return the roles that a user's group names stand for."""
    return frozenset(ROLE_BY_GROUP[n] for n in names if n in ROLE_BY_GROUP)
