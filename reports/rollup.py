"""
Case counts of a period, fast whatever its length.

Settled months (before the current one) are read from CaseMonthCount; the
days of a month the period covers only in part, and the days of the current
month up to yesterday, from CaseDayCount (the same rows, a day at a time).
Both are rebuilt by `rollup_refresh` (nightly beat task, and on demand). Only
the days not rolled up (today; the days since the last night; a month never
rolled up) are counted live by intake's selector, in one query: a period
reads at most about a day of cases live, whatever its edges. Rolled-up and
live rows have the same shape, so a period is the sum of its pieces.

The same months and days also keep the inputs of the case-volume indicators
(office level): the answer terms met as (start day, day met, on time) pairs,
and the verbal cases and those solved at first contact (`indicator_inputs`).

What the roll-up may miss until the next night: a case of a rolled-up day
annulled or re-classified (kind, channel, causal, municipality, assignee) since.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone

from compliance.selectors import answer_timing_pairs
from intake.selectors import filed_case_counts, first_contact_counts
from reports.models import CaseDayCount, CaseMonthCount, RolledUpDay, RolledUpMonth
from reports.periods import Period, month_end, month_start, next_month

ALL, OFFICE_MUNICIPALITY, EVERYONE = "*", -1, -1
# The dimensions of the dashboard's charts; "answer" and "first_contact" rows are inputs of
# the indicators (office level only).
CHART_DIMENSIONS = ("day", "channel", "causal", "kind", "municipality")
COLUMNS = ("dimension", "municipality_id", "kind", "value", "assignee_id", "n")


def _day_rows(lo, hi) -> dict[date, dict[tuple, int]]:
    """
    {day: {(dimension, municipality, kind, value, assignee): n}} of the cases
    filed in [lo, hi), every level of the roll-up, from three grouped queries:
    detailed rows per (municipality, kind) for everyone (assignee -1: what a
    municipality or a kind reads) and per person (a team with either); their
    sums office-wide (kind ALL, municipality -1), for everyone (the unfiltered
    dashboard) and per person (a team).
    """
    by_day: dict[date, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
    office = (OFFICE_MUNICIPALITY, ALL)
    for d, m, k, v, n, a, day in filed_case_counts(lo=lo, hi=hi, detailed=True):
        rows = by_day[day]
        for who in (EVERYONE, a):
            rows[(d, m, k, v, who)] += n
            rows[(d, *office, v, who)] += n
            if d == "day":
                rows[("kind", *office, k, who)] += n
                rows[("municipality", *office, str(m), who)] += n
    for start, met, on_time, n in answer_timing_pairs(lo=lo, hi=hi):
        by_day[met][("answer", *office, f"{start}|{met}|{int(on_time)}", EVERYONE)] += n
    for day, verbal, solved in first_contact_counts(lo=lo, hi=hi, by_day=True):
        by_day[day][("first_contact", *office, "verbal", EVERYONE)] += verbal
        by_day[day][("first_contact", *office, "solved", EVERYONE)] += solved
    return by_day


def _key_order(key: tuple) -> tuple:
    d, m, k, v, a = key
    return m, k, a, d, v


def _copy_days(by_day: dict[date, dict[tuple, int]]) -> None:
    """Write the day rows with COPY (tens of thousands of rows a month)."""
    table = CaseDayCount._meta.db_table
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} (day, {', '.join(COLUMNS)}) FROM STDIN") as copy:
        for day, rows in by_day.items():
            # In the order of the table's key, so a level's rows of a day share pages.
            for key in sorted(rows, key=_key_order):
                if rows[key]:
                    copy.write_row((day, *key, rows[key]))


def rollup_month(month: date, *, through: date | None = None) -> int:
    """
    Recompute one month from the cases, its days and (when complete) the
    month itself; `through`: only its days up to that one (the current
    month). Return its number of cases.
    """
    month = month_start(month)
    last = month_end(month) if through is None else min(through, month_end(month))
    lo, hi = Period(month, last).bounds
    by_day = _day_rows(lo, hi)
    months: dict[tuple, int] = defaultdict(int)
    for rows in by_day.values():
        for key, n in rows.items():
            months[key] += n
    total = sum(n for (d, _m, k, _v, a), n in months.items()
                if d == "day" and k != ALL and a == EVERYONE)
    with transaction.atomic(), connection.cursor() as cursor:
        # Two refreshes at once (several beat processes) take turns.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('reports.rollup'))")
        CaseDayCount.objects.filter(day__gte=month, day__lte=last).delete()
        _copy_days(by_day)
        RolledUpDay.objects.filter(day__gte=month, day__lte=last).delete()
        now = timezone.now()
        RolledUpDay.objects.bulk_create([RolledUpDay(day=month + timedelta(days=i),
                                                     computed_at=now)
                                         for i in range((last - month).days + 1)])
        if last == month_end(month):
            CaseMonthCount.objects.filter(month=month).delete()
            CaseMonthCount.objects.bulk_create(
                [CaseMonthCount(month=month, **dict(zip(COLUMNS, (*key, months[key]),
                                                        strict=True)))
                 for key in sorted(months, key=_key_order)], batch_size=5000)
            RolledUpMonth.objects.update_or_create(
                month=month, defaults={"computed_at": now, "cases": total})
    return total


def rollup_refresh(*, first: date | None = None) -> list[date]:
    """
    Recompute every settled month from `first` (default: 24 months back) and
    the days of the current month up to yesterday; return the months.
    """
    today = timezone.localdate()
    current = month_start(today)
    month = month_start(first or (current - timedelta(days=730)))
    done = []
    while month < current:
        rollup_month(month)
        done.append(month)
        month = next_month(month)
    if today > current:
        rollup_recent()
    return done


def rollup_recent() -> int:
    """
    Recompute the days of yesterday's month up to yesterday (the whole month
    on the 1st): what changed since the night shows within the hour. Return
    its number of cases.
    """
    yesterday = timezone.localdate() - timedelta(days=1)
    return rollup_month(yesterday, through=yesterday)


def _merge(stretches: list[Period]) -> list[Period]:
    """Adjacent stretches of days become one (fewer ranges in the live query)."""
    merged: list[Period] = []
    for p in sorted(stretches, key=lambda p: p.start):
        if merged and merged[-1].end + timedelta(days=1) == p.start:
            merged[-1] = Period(merged[-1].start, p.end)
        else:
            merged.append(p)
    return merged


def _pieces(period: Period) -> tuple[list[date], list[date], list[Period]]:
    """
    Split a period into rolled-up months (wholly inside it), rolled-up days
    (of the months it covers in part) and live stretches (days not rolled
    up), with one query.
    """
    today = timezone.localdate()
    current = month_start(today)
    months_rolled = (RolledUpMonth.objects.filter(month__gte=month_start(period.start),
                                                  month__lte=period.end)
                     .annotate(level=Value("month")).values_list("level", "month"))
    days_rolled = (RolledUpDay.objects.filter(day__gte=period.start, day__lte=period.end,
                                              day__lt=today)
                   .annotate(level=Value("day")).values_list("level", "day"))
    rolled = set(months_rolled.union(days_rolled, all=True))
    months, days, live = [], [], []
    for m in period.months():
        inside = Period(max(m, period.start), min(month_end(m), period.end))
        if inside == Period(m, month_end(m)) and m < current and ("month", m) in rolled:
            months.append(m)
            continue
        day = inside.start
        while day <= inside.end:
            if ("day", day) in rolled:
                days.append(day)
            else:
                live.append(Period(day, day))
            day += timedelta(days=1)
    return months, days, _merge(live)


def _rolled_rows(months, days) -> tuple[str, list]:
    """The rows of the rolled-up `months` and `days` as one SQL source (UNION ALL)."""
    cols = ", ".join(COLUMNS)
    return (f"""(SELECT {cols} FROM {CaseMonthCount._meta.db_table} WHERE month = ANY(%s::date[])
                 UNION ALL
                 SELECT {cols} FROM {CaseDayCount._meta.db_table} WHERE day = ANY(%s::date[])) r""",
            [months, days])


def _rolled_up(months, days, municipality_id, kind, assignee_ids=None
               ) -> list[tuple[str, object, int]]:
    """Sum the roll-up of `months` and `days` in SQL, one grouping per breakdown."""
    source, params = _rolled_rows(months, days)
    if not (municipality_id or kind):
        # Office level: everyone's rows, or a team's (the sum of its people's rows).
        people = "assignee_id = ANY(%s)" if assignee_ids is not None else "assignee_id = %s"
        sql = f"""SELECT dimension, value, SUM(n) FROM {source}
                  WHERE municipality_id = %s AND kind = %s AND {people}
                    AND dimension = ANY(%s)
                  GROUP BY dimension, value"""
        params += [OFFICE_MUNICIPALITY, ALL,
                   EVERYONE if assignee_ids is None else list(assignee_ids),
                   list(CHART_DIMENSIONS)]
    else:
        # The detailed rows (municipality, kind; everyone's or the team's people's)
        # narrowed, summed per breakdown.
        where = ["kind <> %s"]
        params.append(ALL)
        if assignee_ids is None:
            where.append("assignee_id = %s")
            params.append(EVERYONE)
        else:
            where.append("assignee_id = ANY(%s)")
            params.append(list(assignee_ids))
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
            FROM {source} WHERE {" AND ".join(where)}
            GROUP BY GROUPING SETS ((dimension, value), (dimension, kind),
                                    (dimension, municipality_id))
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
    (date). Annulled cases are left out. `assignee_ids`: a team's cases only.
    A fixed number of queries whatever the period and the filters: the
    markers, the roll-up, and the live days if any.
    """
    out: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    months, days, live = _pieces(period)
    for dimension, key, n in _rolled_up(months, days, municipality_id, kind, assignee_ids):
        out[dimension][date.fromisoformat(key) if dimension == "day" else key] += n
    if live:
        for dimension, muni, kind_, value, n in filed_case_counts(
                ranges=[p.bounds for p in live], municipality_id=municipality_id, kind=kind,
                assignee_ids=assignee_ids):
            if dimension == "day":
                out["day"][date.fromisoformat(value) if isinstance(value, str) else value] += n
                out["kind"][kind_] += n
                out["municipality"][muni] += n
            else:
                out[dimension][value] += n
    return {k: {key: n for key, n in v.items() if n} for k, v in out.items()}


def indicator_inputs(period: Period) -> dict:
    """
    The case-volume inputs of the indicators for `period`: {"answers": rows of
    compliance.selectors.answer_timing_pairs, "verbal": n, "solved": n}, from
    the roll-up where it has the days and live for the rest (as case_counts).
    """
    months, days, live = _pieces(period)
    pairs: dict[tuple, int] = defaultdict(int)
    contact = {"verbal": 0, "solved": 0}
    source, params = _rolled_rows(months, days)
    with connection.cursor() as cursor:
        cursor.execute(f"""SELECT dimension, value, SUM(n) FROM {source}
                           WHERE municipality_id = %s AND kind = %s AND assignee_id = %s
                             AND dimension = ANY(%s)
                           GROUP BY dimension, value""",
                       [*params, OFFICE_MUNICIPALITY, ALL, EVERYONE, ["answer", "first_contact"]])
        rows = cursor.fetchall()
    for dimension, value, n in rows:
        if dimension == "answer":
            start, met, on_time = value.split("|")
            pairs[(date.fromisoformat(start), date.fromisoformat(met), on_time == "1")] += n
        else:
            contact[value] += n
    if live:
        ranges = [p.bounds for p in live]
        for start, met, on_time, n in answer_timing_pairs(ranges=ranges):
            pairs[(start, met, bool(on_time))] += n
        counted = first_contact_counts(ranges=ranges)
        contact["verbal"] += counted["verbal"]
        contact["solved"] += counted["solved"]
    return {"answers": [(*key, n) for key, n in pairs.items() if n > 0], **contact}
