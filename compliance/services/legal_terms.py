"""
Opening the terms other apps need, each with its length and legal basis
stated once in compliance.terms (docs/legal-rules.md): the SAP recognition,
the tutela ruling, the recurso window, the citation and appearance of a
personal notification and the traslado to the SSPD. Callers pass facts
(when something happened); the rule is here.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from compliance.clock import band_now, legal_calendar
from compliance.models import Term
from compliance.services.terms import term_open
from compliance.terms import (
    APPEARANCE_BASIS,
    APPEARANCE_BUSINESS_DAYS,
    CITATION_BASIS,
    CITATION_BUSINESS_DAYS,
    RECURSO_WINDOW_BASIS,
    RECURSO_WINDOW_BUSINESS_DAYS,
    RULING_BUSINESS_DAYS,
    RULING_CALENDAR_DAYS,
    RULING_HOURS,
    SAP_RECOGNITION_BASIS,
    SAP_RECOGNITION_HOURS,
    SSPD_REMISSION_BASIS,
    TUTELA_COMPLIANCE_BASIS,
    TUTELA_COMPLIANCE_HOURS,
    due_date_for,
    local_date,
    ruling_compliance_due,
    sap_recognition_due,
)

# The units a ruling's term is typed in, as the Term stores them.
_UNIT_OF_RULING = {
    RULING_HOURS: Term.Unit.CALENDAR_HOURS,
    RULING_BUSINESS_DAYS: Term.Unit.BUSINESS_DAYS,
    RULING_CALENDAR_DAYS: Term.Unit.CALENDAR_DAYS,
}


@transaction.atomic
def sap_recognition_term_open(*, case_id: int, response_term: Term | None,
                              at: datetime | None = None) -> Term:
    """
    Open the 72-hour term to recognise a SAP (Ley 142 art. 158), or return the
    one already open: the hours run from the instant the response term ran
    out (from `at` for a case without one). The sweep opens the same term in
    SQL when a response term runs out (compliance.sweep.expiries_handle).
    """
    at = at or timezone.now()
    existing = (Term.objects.filter(case_id=case_id, purpose=Term.Purpose.SAP_RECONOCIMIENTO,
                                    met_at__isnull=True, cancelled_at__isnull=True)
                .order_by("pk").first())
    if existing is not None:
        return existing
    started_at = response_term.due_at if response_term is not None else at
    due_at, due_date = sap_recognition_due(started_at)
    return Term.objects.create(
        case_id=case_id, purpose=Term.Purpose.SAP_RECONOCIMIENTO,
        legal_basis=SAP_RECOGNITION_BASIS, unit=Term.Unit.CALENDAR_HOURS,
        length=SAP_RECOGNITION_HOURS, started_at=started_at,
        starts_on=due_date_for(started_at), due_date=due_date, due_at=due_at,
        band=band_now(due_date=due_date, due_at=due_at, now=at), created_at=at,
    )


@transaction.atomic
def tutela_compliance_term_open(*, case_id: int, notified_at: datetime,
                                amount: int = TUTELA_COMPLIANCE_HOURS,
                                unit: str = RULING_HOURS) -> Term:
    """
    Open the term to comply with a tutela ruling against the company: the
    ruling's own term as typed from it (hours, business or calendar days),
    counted from its notification (terms.ruling_compliance_due). It alerts
    and, run out unmet or met late, records its non-conformity like any
    company term. Without a typed term: the 48 hours of Decreto 2591 art. 27.
    """
    if unit not in _UNIT_OF_RULING:
        raise ValueError(f"unknown unit {unit!r}")
    due_at, due_date = ruling_compliance_due(notified_at, amount, unit, legal_calendar())
    return Term.objects.create(
        case_id=case_id, purpose=Term.Purpose.CUMPLIMIENTO_FALLO,
        legal_basis=TUTELA_COMPLIANCE_BASIS, unit=_UNIT_OF_RULING[unit], length=amount,
        started_at=notified_at, starts_on=local_date(notified_at), due_date=due_date,
        due_at=due_at, band=band_now(due_date=due_date, due_at=due_at, now=timezone.now()),
    )


def recurso_window_term_open(*, case_id: int, notified_at: datetime) -> Term:
    """Open the window to file recursos: 5 business days after notification (terms.recurso_window_end)."""
    return term_open(case_id=case_id, purpose=Term.Purpose.RECURSO, started_at=notified_at,
                     business_days=RECURSO_WINDOW_BUSINESS_DAYS, legal_basis=RECURSO_WINDOW_BASIS)


def citation_term_open(*, case_id: int, issued_at: datetime) -> Term:
    """Open the term to send the citation: 5 business days after issuing (terms.citation_due)."""
    return term_open(case_id=case_id, purpose=Term.Purpose.CITACION, started_at=issued_at,
                     business_days=CITATION_BUSINESS_DAYS, legal_basis=CITATION_BASIS)


def appearance_term_open(*, case_id: int, citation_sent_at: datetime) -> Term:
    """Open the 5 business days the user has to come after the citation (terms.appearance_due)."""
    return term_open(case_id=case_id, purpose=Term.Purpose.AVISO, started_at=citation_sent_at,
                     business_days=APPEARANCE_BUSINESS_DAYS, legal_basis=APPEARANCE_BASIS)


def sspd_remission_term_open(*, case_id: int, at: datetime) -> Term:
    """Open the traslado of an apelación to the SSPD (setting PQR_SSPD_REMISSION_DAYS)."""
    return term_open(case_id=case_id, purpose=Term.Purpose.TRASLADO_SSPD, started_at=at,
                     business_days=sspd_remission_days(), legal_basis=SSPD_REMISSION_BASIS)


def sspd_remission_days() -> int:
    """The business days the company gives itself to send an apelación to the SSPD."""
    return settings.PQR_SSPD_REMISSION_DAYS
