"""
Rules of the written answer (Ley 142 arts. 154-159): what a decision must
say.

Pure code: no ORM, no settings, no clock. Checks return problem codes (data);
the service turns them into Spanish messages.
"""

from __future__ import annotations

import re
import unicodedata

# The clocks of the notification (citation, appearance, aviso, publication) are legal
# terms: they live in compliance.terms (docs/legal-rules.md).

# Kinds of request under Ley 142 art. 154 whose adverse decisions admit recursos.
DECIDED_KINDS_WITH_RECURSOS = frozenset({"peticion", "queja", "reclamo"})
ADVERSE_KINDS = frozenset({"accede_parcialmente", "no_accede"})
RECURSO_KINDS = frozenset({"recurso_reposicion", "recurso_reposicion_apelacion"})
# The holder's requests about personal data (Ley 1581 de 2012): their answer admits no
# recurso before the company or the SSPD (the holder may complain to the SIC, art. 16).
HABEAS_DATA_KINDS = frozenset({"datos_consulta", "datos_rectificacion", "datos_supresion"})
# A decision on a recurso confirms, modifies or revokes the act (or rejects the recurso).
RECURSO_ANSWER_KINDS = frozenset({"confirma", "modifica", "revoca", "rechaza"})


def _plain(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text or "")
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


# What the recursos paragraph of an act offers.
ORDINARY = "ordinaria"  # reposición and, in subsidy, apelación before the SSPD (art. 154)
REPOSICION_ONLY = "reposicion"  # a desistimiento act (Ley 1755 art. 17): reposición only
QUEJA = "queja"  # the apelación rejected: recurso de queja before the SSPD (CPACA art. 74)
DESISTIMIENTO_PURPOSE = "desistimiento_tacito"


def recursos_offer(case_kind: str, answer_kind: str, purpose: str = "respuesta") -> str:
    """Return which recursos an act offers (ORDINARY, REPOSICION_ONLY or QUEJA)."""
    if purpose == DESISTIMIENTO_PURPOSE:
        return REPOSICION_ONLY
    if case_kind == "recurso_reposicion_apelacion" and answer_kind == "rechaza":
        return QUEJA
    return ORDINARY


def recursos_problems(text: str, offer: str = ORDINARY) -> list[str]:
    """Return what the recursos paragraph is missing (empty list: complete)."""
    plain = _plain(text)
    problems = []
    sspd = "superintendencia" in plain or "sspd" in plain
    if offer == QUEJA:
        if "queja" not in plain or not sspd:
            problems.append("queja")
    elif "reposicion" not in plain:
        problems.append("reposicion")
    if offer == ORDINARY and ("apelacion" not in plain or not sspd):
        problems.append("apelacion")
    if not re.search(r"\b(5|cinco)\b[^.]*dias habiles", plain):
        problems.append("term")
    if not re.search(r"\b(radicar|presentar|presentarse|interponer|interponerse)\b", plain) or \
            not re.search(r"(punto|oficina|portal|sede|correo|pagina|www|http)", plain):
        problems.append("where")
    return problems


def payment_reminder_present(text: str) -> bool:
    """Return whether `text` reminds to pay the undisputed amounts (Ley 142 art. 155)."""
    plain = _plain(text)
    return "155" in plain and ("pag" in plain)


def must_admit_recursos(case_kind: str, answer_kind: str) -> bool:
    """Return whether the decision must state recursos (an adverse decision on a PQR)."""
    return case_kind in DECIDED_KINDS_WITH_RECURSOS and answer_kind in ADVERSE_KINDS


def default_admits_recursos(case_kind: str, answer_kind: str, purpose: str = "respuesta") -> bool:
    """
    A first decision on a PQR admits recursos; a decision on a recurso does not,
    except the rejection of an apelación (queja); a desistimiento act admits reposición.
    An answer to a habeas-data request admits none (Ley 1581: queja before the SIC).
    """
    if case_kind in HABEAS_DATA_KINDS:
        return False
    if recursos_offer(case_kind, answer_kind, purpose) != ORDINARY:
        return True
    if case_kind in RECURSO_KINDS:
        return False
    return answer_kind not in {"traslada", "archiva", "rechaza"}


def approval_problems(*, case_kind: str, billing: bool, answer_kind: str, body: str,
                      decision: str, admits_recursos: bool, recursos_text: str,
                      payment_reminder: str, purpose: str = "respuesta") -> list[str]:
    """Return the codes of every check the draft fails before approval."""
    problems = []
    if not answer_kind:
        problems.append("answer_kind")
    elif case_kind in RECURSO_KINDS and answer_kind not in RECURSO_ANSWER_KINDS:
        problems.append("recurso_answer_kind")
    if not _plain(body).strip() or not _plain(decision).strip():
        problems.append("substance")
    offer = recursos_offer(case_kind, answer_kind, purpose)
    if (must_admit_recursos(case_kind, answer_kind) or offer != ORDINARY) and not admits_recursos:
        problems.append("recursos_required")
    if admits_recursos:
        problems += [f"recursos_{p}" for p in recursos_problems(recursos_text, offer)]
    if billing and case_kind not in RECURSO_KINDS and answer_kind != "accede" and \
            purpose != DESISTIMIENTO_PURPOSE and \
            not payment_reminder_present(payment_reminder + " " + body):
        problems.append("payment_reminder")
    return problems
