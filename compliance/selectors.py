"""Reads of compliance that other apps and reports share."""

from __future__ import annotations

from compliance.models import Term


def sap_risk_case_ids():
    """
    The ids of the cases whose response term ran out unanswered under Ley 142
    art. 158 (a values queryset, to use as a subquery). The sweep decides and
    stores this on the term (Term.sap_risk_at); nothing copies it.
    """
    return Term.objects.filter(sap_risk_at__isnull=False, cancelled_at__isnull=True) \
        .values("case_id")


def case_at_sap_risk(case_id: int) -> bool:
    return Term.objects.filter(case_id=case_id, sap_risk_at__isnull=False,
                               cancelled_at__isnull=True).exists()

