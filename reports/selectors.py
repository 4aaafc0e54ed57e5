"""
Read-only indicators of the process (Check step of CPAI-001).

Aggregates in SQL, one query per table of the dashboard; nothing here writes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from compliance.models import NonConformity, Term
from compliance.selectors import sap_risk_case_ids
from intake.choices import OPEN_STATUSES, CaseKind, CaseStatus, Channel
from intake.models import Case
from responses.selectors import notification_sap_risk_case_ids


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (datetime.combine(start, time.min, tzinfo=tz),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz))


def indicators(*, start: date, end: date) -> dict:
    """Return the process indicators for cases filed from `start` to `end` (Bogotá dates)."""
    lo, hi = _bounds(start, end)
    filed = Case.objects.filter(filed_at__gte=lo, filed_at__lt=hi).exclude(status=CaseStatus.ANULADO)
    by_kind = dict(filed.values_list("kind").annotate(n=Count("id")).order_by())
    by_channel = dict(filed.values_list("channel").annotate(n=Count("id")).order_by())
    by_status = dict(filed.values_list("status").annotate(n=Count("id")).order_by())
    answered = Term.objects.filter(purpose=Term.Purpose.RESPUESTA, met_at__gte=lo, met_at__lt=hi)
    timing = answered.aggregate(
        total=Count("id"), on_time=Count("id", filter=Q(met_at__lte=F("due_at"))),
    )
    open_bands = dict(
        Term.objects.filter(purpose=Term.Purpose.RESPUESTA, met_at__isnull=True,
                            cancelled_at__isnull=True, case__status__in=OPEN_STATUSES)
        .values_list("band").annotate(n=Count("id")).order_by()
    )
    on_time_pct = (100 * timing["on_time"] / timing["total"]) if timing["total"] else None
    return {
        "start": start, "end": end,
        "filed_total": sum(by_kind.values()),
        "by_kind": [(CaseKind(k).label, n) for k, n in sorted(by_kind.items(), key=lambda kv: -kv[1])],
        "by_channel": [(Channel(k).label, n) for k, n in sorted(by_channel.items(), key=lambda kv: -kv[1])],
        "by_status": [(CaseStatus(k).label, n) for k, n in sorted(by_status.items(), key=lambda kv: -kv[1])],
        "answered_total": timing["total"], "answered_on_time": timing["on_time"],
        "on_time_pct": on_time_pct,
        "open_bands": [(Term.Band(b).label, b, open_bands.get(b, 0))
                       for b in ("al_dia", "por_vencer", "vence_hoy", "vencido")],
        "sap_risk_open": Case.objects.filter(
            Q(pk__in=sap_risk_case_ids()) | Q(pk__in=notification_sap_risk_case_ids()),
            status__in=OPEN_STATUSES).count(),
        "nonconformities_open": NonConformity.objects.exclude(status=NonConformity.Status.CERRADA).count(),
    }
