"""
Case counts of a period, fast whatever its length.

Settled months (before the current one) are read from CaseMonthCount, a
roll-up rebuilt by `rollup_refresh` (nightly beat task, and on demand);
days not covered by a rolled-up month (the current month, a partial first or
last month, a month never rolled up) are counted live by intake's selector.
Both give the same rows, so a period is the sum of its pieces.

What the roll-up may miss until the next night: a case of a settled month
annulled or re-classified (kind, channel, causal, municipality) since.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from intake.selectors import filed_case_counts
from reports.models import CaseMonthCount, RolledUpMonth
from reports.periods import Period, month_end, month_start, next_month

ALL, OFFICE_MUNICIPALITY = "*", -1


def rollup_month(month: date) -> int:
    """Recompute one month from the cases; return its number of cases."""
    month = month_start(month)
    lo, hi = Period(month, month_end(month)).bounds
    rows = filed_case_counts(lo=lo, hi=hi)
    # The office-wide level (kind ALL, municipality -1): what the unfiltered dashboard
    # reads, a hundred rows a month instead of thousands.
    office: dict[tuple[str, str], int] = defaultdict(int)
    for d, m, k, v, n in rows:
        office[(d, v)] += n
        if d == "day":
            office[("kind", k)] += n
            office[("municipality", str(m))] += n
    rows = [*rows, *((d, OFFICE_MUNICIPALITY, ALL, v, n) for (d, v), n in office.items())]
    with transaction.atomic(), connection.cursor() as cursor:
        # Two refreshes at once (several beat processes) take turns.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('reports.rollup'))")
        CaseMonthCount.objects.filter(month=month).delete()
        CaseMonthCount.objects.bulk_create(
            [CaseMonthCount(month=month, dimension=d, municipality_id=m, kind=k, value=v, n=n)
             for d, m, k, v, n in rows], batch_size=5000)
        total = sum(n for d, _m, k, _v, n in rows if d == "day" and k != ALL)
        RolledUpMonth.objects.update_or_create(
            month=month, defaults={"computed_at": timezone.now(), "cases": total})
    return total


def rollup_refresh(*, first: date | None = None) -> list[date]:
    """Recompute every settled month from `first` (default: 24 months back)."""
    today = timezone.localdate()
    current = month_start(today)
    month = month_start(first or (current - timedelta(days=730)))
    done = []
    while month < current:
        rollup_month(month)
        done.append(month)
        month = next_month(month)
    return done


def _pieces(period: Period) -> tuple[list[date], list[Period]]:
    """Split a period into rolled-up whole months and live stretches of days."""
    current = month_start(timezone.localdate())
    rolled = set(RolledUpMonth.objects.filter(
        month__gte=month_start(period.start), month__lte=period.end)
        .values_list("month", flat=True))
    months, live = [], []
    for m in period.months():
        whole = m >= period.start and month_end(m) <= period.end
        if whole and m < current and m in rolled:
            months.append(m)
        else:
            live.append(Period(max(m, period.start), min(month_end(m), period.end)))
    # Adjacent live stretches become one range query.
    merged: list[Period] = []
    for p in live:
        if merged and merged[-1].end + timedelta(days=1) == p.start:
            merged[-1] = Period(merged[-1].start, p.end)
        else:
            merged.append(p)
    return months, merged


def _rolled_up(months, municipality_id, kind) -> list[tuple[str, object, int]]:
    """Sum the roll-up of `months` in SQL, one grouping per breakdown (a few hundred rows)."""
    if not (municipality_id or kind):
        office = (CaseMonthCount.objects.filter(month__in=months, kind=ALL)
                  .values_list("dimension", "value").annotate(total=Sum("n")).order_by())
        return [(d, int(v) if d == "municipality" else v, n) for d, v, n in office]
    where, params = ["month = ANY(%s)", "kind <> %s"], [months, ALL]
    if municipality_id:
        where.append("municipality_id = %s")
        params.append(municipality_id)
    if kind:
        where.append("kind = %s")
        params.append(kind)
    sql = f"""
        SELECT CASE WHEN GROUPING(kind) = 0 THEN 'kind'
                    WHEN GROUPING(municipality_id) = 0 THEN 'municipality'
                    ELSE dimension END,
               CASE WHEN GROUPING(kind) = 0 THEN kind
                    WHEN GROUPING(municipality_id) = 0 THEN municipality_id::text
                    ELSE value END,
               SUM(n)
        FROM {CaseMonthCount._meta.db_table} WHERE {" AND ".join(where)}
        GROUP BY GROUPING SETS ((dimension, value), (dimension, kind), (dimension, municipality_id))
        HAVING dimension = 'day' OR GROUPING(value) = 0
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [(d, int(k) if d == "municipality" else k, int(n)) for d, k, n in rows]


def case_counts(period: Period, *, municipality_id: int | None = None,
                kind: str | None = None) -> dict[str, dict]:
    """
    Return {dimension: {key: n}} for the cases filed in `period`: "kind",
    "municipality" (id, 0 for none), "channel", "causal" (id or ""), "day"
    (date). Annulled cases are left out.
    """
    out: dict[str, dict] = defaultdict(lambda: defaultdict(int))

    def add(dimension, muni, kind_, value, n):
        if dimension == "day":
            out["day"][date.fromisoformat(value) if isinstance(value, str) else value] += n
            out["kind"][kind_] += n
            out["municipality"][muni] += n
        else:
            out[dimension][value] += n

    months, live = _pieces(period)
    if months:
        for dimension, key, n in _rolled_up(months, municipality_id, kind):
            if dimension == "day":
                out["day"][date.fromisoformat(key)] += n
            else:
                out[dimension][key] += n
    for p in live:
        lo, hi = p.bounds
        for row in filed_case_counts(lo=lo, hi=hi, municipality_id=municipality_id, kind=kind):
            add(*row)
    return {k: dict(v) for k, v in out.items()}
