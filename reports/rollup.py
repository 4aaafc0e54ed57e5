"""
Case counts of a period, fast whatever its length.

Settled months (before the current one) are read from CaseMonthCount, a
roll-up rebuilt by `rollup_refresh` (nightly beat task, and on demand);
days not covered by a rolled-up month (the current month, a partial first or
last month, a month never rolled up) are counted live by intake's selector.
Both give the same rows, so a period is the sum of its pieces.

A partial month at an edge of the period that covers more than half of a
rolled-up month is read as the month minus the days left out (counted live),
so no period counts more than about a month of cases live, whatever its edges.

The same months also keep the inputs of the case-volume indicators (office
level): the answer terms met in the month as (start day, day met, on time)
pairs, and the verbal cases and those solved at first contact
(`indicator_inputs`).

What the roll-up may miss until the next night: a case of a settled month
annulled or re-classified (kind, channel, causal, municipality) since.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from compliance.selectors import answer_timing_pairs
from intake.selectors import (
    filed_case_counts,
    filed_case_counts_by_assignee,
    first_contact_counts,
)
from reports.models import CaseMonthCount, RolledUpMonth
from reports.periods import Period, month_end, month_start, next_month

ALL, OFFICE_MUNICIPALITY = "*", -1
# The dimensions of the dashboard's charts; "answer" and "first_contact" rows are inputs of
# the indicators (office level only).
CHART_DIMENSIONS = ("day", "channel", "causal", "kind", "municipality")


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
    people = [(d, OFFICE_MUNICIPALITY, ALL, v, n, a)
              for d, a, v, n in filed_case_counts_by_assignee(lo=lo, hi=hi)]
    rows += [("answer", OFFICE_MUNICIPALITY, ALL, f"{start}|{met}|{int(on_time)}", n)
             for start, met, on_time, n in answer_timing_pairs(lo=lo, hi=hi)]
    contact = first_contact_counts(lo=lo, hi=hi)
    rows += [("first_contact", OFFICE_MUNICIPALITY, ALL, key, contact[key])
             for key in ("verbal", "solved")]
    with transaction.atomic(), connection.cursor() as cursor:
        # Two refreshes at once (several beat processes) take turns.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('reports.rollup'))")
        CaseMonthCount.objects.filter(month=month).delete()
        CaseMonthCount.objects.bulk_create(
            [CaseMonthCount(month=month, dimension=d, municipality_id=m, kind=k, value=v, n=n)
             for d, m, k, v, n in rows]
            + [CaseMonthCount(month=month, dimension=d, municipality_id=m, kind=k, value=v, n=n,
                              assignee_id=a) for d, m, k, v, n, a in people], batch_size=5000)
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


def _merge(stretches: list[Period]) -> list[Period]:
    """Adjacent stretches of days become one (one range query each)."""
    merged: list[Period] = []
    for p in sorted(stretches, key=lambda p: p.start):
        if merged and merged[-1].end + timedelta(days=1) == p.start:
            merged[-1] = Period(merged[-1].start, p.end)
        else:
            merged.append(p)
    return merged


def _pieces(period: Period, *, rolled_up: bool = True
            ) -> tuple[list[date], list[Period], list[Period]]:
    """
    Split a period into rolled-up months, live stretches to add and live
    stretches to take away: a partial month covering more than half of a
    rolled-up month is the month minus the days outside the period.
    rolled_up=False: everything live.
    """
    if not rolled_up:
        return [], [period], []
    current = month_start(timezone.localdate())
    rolled = set(RolledUpMonth.objects.filter(
        month__gte=month_start(period.start), month__lte=period.end)
        .values_list("month", flat=True))
    months, live, minus = [], [], []
    for m in period.months():
        inside = Period(max(m, period.start), min(month_end(m), period.end))
        settled = m < current and m in rolled
        days_in, days_all = (inside.end - inside.start).days + 1, (month_end(m) - m).days + 1
        if settled and inside == Period(m, month_end(m)):
            months.append(m)
        elif settled and 2 * days_in > days_all:
            months.append(m)
            if inside.start > m:
                minus.append(Period(m, inside.start - timedelta(days=1)))
            if inside.end < month_end(m):
                minus.append(Period(inside.end + timedelta(days=1), month_end(m)))
        else:
            live.append(inside)
    return months, _merge(live), _merge(minus)


def _rolled_up(months, municipality_id, kind, assignee_ids=None
               ) -> list[tuple[str, object, int]]:
    """Sum the roll-up of `months` in SQL, one grouping per breakdown (a few hundred rows)."""
    if assignee_ids is not None:  # a team: the sum of its people's office-level rows
        office = (CaseMonthCount.objects.filter(month__in=months, kind=ALL,
                                                assignee_id__in=assignee_ids,
                                                dimension__in=CHART_DIMENSIONS)
                  .values_list("dimension", "value").annotate(total=Sum("n")).order_by())
        return [(d, int(v) if d == "municipality" else v, n) for d, v, n in office]
    if not (municipality_id or kind):
        office = (CaseMonthCount.objects.filter(month__in=months, kind=ALL, assignee_id=-1,
                                                dimension__in=CHART_DIMENSIONS)
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
                kind: str | None = None, assignee_ids=None) -> dict[str, dict]:
    """
    Return {dimension: {key: n}} for the cases filed in `period`: "kind",
    "municipality" (id, 0 for none), "channel", "causal" (id or ""), "day"
    (date). Annulled cases are left out. `assignee_ids`: a team's cases only
    (with a municipality or a kind as well, counted live: the roll-up keeps
    people at office level only).
    """
    out: dict[str, dict] = defaultdict(lambda: defaultdict(int))

    def add(dimension, muni, kind_, value, n):
        if dimension == "day":
            out["day"][date.fromisoformat(value) if isinstance(value, str) else value] += n
            out["kind"][kind_] += n
            out["municipality"][muni] += n
        else:
            out[dimension][value] += n

    team_and_more = assignee_ids is not None and bool(municipality_id or kind)
    months, live, minus = _pieces(period, rolled_up=not team_and_more)
    if months:
        for dimension, key, n in _rolled_up(months, municipality_id, kind, assignee_ids):
            if dimension == "day":
                out["day"][date.fromisoformat(key)] += n
            else:
                out[dimension][key] += n
    for p in live:
        lo, hi = p.bounds
        for row in filed_case_counts(lo=lo, hi=hi, municipality_id=municipality_id, kind=kind,
                                     assignee_ids=assignee_ids):
            add(*row)
    for p in minus:
        lo, hi = p.bounds
        for d, m, k, v, n in filed_case_counts(lo=lo, hi=hi, municipality_id=municipality_id,
                                               kind=kind, assignee_ids=assignee_ids):
            add(d, m, k, v, -n)
    return {k: {key: n for key, n in v.items() if n} for k, v in out.items()}


def indicator_inputs(period: Period) -> dict:
    """
    The case-volume inputs of the indicators for `period`: {"answers": rows of
    compliance.selectors.answer_timing_pairs, "verbal": n, "solved": n}, from
    the roll-up for settled months and live for the rest (edges as case_counts).
    """
    months, live, minus = _pieces(period)
    pairs: dict[tuple, int] = defaultdict(int)
    contact = {"verbal": 0, "solved": 0}
    rows = (CaseMonthCount.objects.filter(month__in=months, kind=ALL, assignee_id=-1,
                                          dimension__in=("answer", "first_contact"))
            .values_list("dimension", "value").annotate(total=Sum("n")).order_by())
    for dimension, value, n in rows if months else []:
        if dimension == "answer":
            start, met, on_time = value.split("|")
            pairs[(date.fromisoformat(start), date.fromisoformat(met), on_time == "1")] += n
        else:
            contact[value] += n
    for sign, stretches in ((1, live), (-1, minus)):
        for p in stretches:
            lo, hi = p.bounds
            for start, met, on_time, n in answer_timing_pairs(lo=lo, hi=hi):
                pairs[(start, met, bool(on_time))] += sign * n
            counted = first_contact_counts(lo=lo, hi=hi)
            contact["verbal"] += sign * counted["verbal"]
            contact["solved"] += sign * counted["solved"]
    return {"answers": [(*key, n) for key, n in pairs.items() if n > 0], **contact}
