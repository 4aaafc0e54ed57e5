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


def answer_timing_pairs(*, lo=None, hi=None, ranges=None) -> list[tuple]:
    """
    The response terms met in [lo, hi) (or in any of `ranges`, a list of such
    pairs) as rows (start day, Bogotá day met, met by the due instant, n): one
    GROUP BY over the covering index, a few hundred rows a month. What
    answer_timing and the reports' roll-up read.
    """
    from django.db.models import Count, F, Q
    from django.db.models.functions import TruncDate

    met_in = Q(pk__in=[])
    for a, b in [(lo, hi)] if ranges is None else ranges:
        met_in |= Q(met_at__gte=a, met_at__lt=b)
    met = Term.objects.filter(met_in, purpose=Term.Purpose.RESPUESTA, met_at__isnull=False)
    return list(met.annotate(met_on=TruncDate("met_at"),
                             on_time=Q(met_at__lte=F("due_at")))
                .values_list("starts_on", "met_on", "on_time").annotate(n=Count("pk"))
                .order_by())


def answer_timing_from_pairs(pairs) -> dict:
    """{total, on_time, days: {business days taken: n}} of answer_timing_pairs rows."""
    from collections import Counter

    from compliance.clock import legal_calendar

    calendar = legal_calendar()
    days: Counter = Counter()
    total = on_time = 0
    taken: dict = {}
    for starts_on, met_on, in_time, n in pairs:
        if (starts_on, met_on) not in taken:
            taken[(starts_on, met_on)] = max(0, calendar.business_days_between(starts_on, met_on))
        days[taken[(starts_on, met_on)]] += n
        total += n
        on_time += n if in_time else 0
    return {"total": total, "on_time": on_time, "days": dict(days)}


def answer_timing(*, lo, hi) -> dict:
    """
    The response terms met in [lo, hi): how many, how many by their due
    instant, and the distribution of business days taken, as {days: count}
    (SQL groups by (start day, answer day); the calendar counts each pair once).
    """
    return answer_timing_from_pairs(answer_timing_pairs(lo=lo, hi=hi))


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


def plans_awaiting_decision():
    """The service plans sent to the gerente and not decided yet, oldest first."""
    from compliance.models import ServicePlan

    return (ServicePlan.objects.filter(status=ServicePlan.Status.ENVIADO)
            .select_related("drafted_by").order_by("submitted_at", "pk"))


def plan_in_force(day):
    """The approved service plan whose period covers `day`, or None."""
    from compliance.models import ServicePlan

    return (ServicePlan.objects.filter(status=ServicePlan.Status.APROBADO,
                                       period_start__lte=day, period_end__gte=day)
            .order_by("period_end", "-version").first())


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
