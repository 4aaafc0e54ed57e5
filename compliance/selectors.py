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



def open_terms():
    """Terms still running (the partial indexes term_open_* cover exactly these)."""
    return Term.objects.filter(met_at__isnull=True, cancelled_at__isnull=True)


def answer_timing(*, lo, hi) -> dict:
    """
    The response terms met in [lo, hi): how many, how many by their due
    instant, and the distribution of business days taken, as {days: count}
    (SQL groups by (start day, answer day); the calendar counts each pair once).
    """
    from collections import Counter

    from django.db.models import Count, F, Q
    from django.db.models.functions import TruncDate

    from compliance.clock import legal_calendar

    met = Term.objects.filter(purpose=Term.Purpose.RESPUESTA, met_at__gte=lo, met_at__lt=hi)
    totals = met.aggregate(total=Count("pk"), on_time=Count("pk", filter=Q(met_at__lte=F("due_at"))))
    calendar = legal_calendar()
    days: Counter = Counter()
    pairs = (met.annotate(met_on=TruncDate("met_at")).values_list("starts_on", "met_on")
             .annotate(n=Count("pk")).order_by())
    for starts_on, met_on, n in pairs:
        days[max(0, calendar.business_days_between(starts_on, met_on))] += n
    return {**totals, "days": dict(days)}


def indicator_targets(period) -> dict:
    """
    {indicator code: target (Decimal)} of the approved service plan covering
    `period`: a date (any day of it) or a (first day, last day) pair. {} when no
    approved plan covers it. For reports (issue 13).
    """
    from compliance.models import ServicePlan

    start, end = (period, period) if not isinstance(period, tuple | list) else period
    plan = (ServicePlan.objects.filter(status=ServicePlan.Status.APROBADO,
                                       period_start__lte=start, period_end__gte=end)
            .order_by("period_end", "-version").first())
    if plan is None:
        return {}
    return {i.code: i.target for i in plan.indicators.all()}


def quality_summary(user) -> dict:
    """What the coordinator's work page shows of the quality system."""
    from django.utils import timezone

    from compliance.models import CorrectiveAction, NonConformity
    from compliance.services.actions import overdue_actions, overdue_nonconformities

    today = timezone.localdate()
    open_ncs = NonConformity.objects.exclude(status__in=[NonConformity.Status.CERRADA,
                                                         NonConformity.Status.ANULADA])
    return {
        "nc_open_count": open_ncs.count(),
        "nc_critical": open_ncs.filter(severity=NonConformity.Severity.CRITICA)
        .select_related("case", "person")[:10],
        "nc_overdue": overdue_nonconformities(today).select_related("case", "responsible")[:10],
        "actions_overdue": overdue_actions(today).select_related("owner", "nonconformity")[:10],
        "my_actions": CorrectiveAction.objects.filter(
            owner=user, status__in=[CorrectiveAction.Status.PENDIENTE,
                                    CorrectiveAction.Status.EN_CURSO])
        .select_related("nonconformity")[:10],
        "today": today,
    }


def nonconformity_counts(*, lo, hi) -> list[tuple[str, str, int]]:
    """Non-conformities detected in [lo, hi) as (kind, status, n), in one GROUP BY."""
    from django.db.models import Count

    from compliance.models import NonConformity

    return list(NonConformity.objects.filter(detected_at__gte=lo, detected_at__lt=hi)
                .values_list("kind", "status").annotate(n=Count("pk")).order_by("kind", "status"))
