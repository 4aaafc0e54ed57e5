"""
What needs attention now, whatever the period: cases with an open term in
each band (every purpose, not only the answer), at SAP risk, with a SAP
recognition pending, suspended (and for long), unassigned, and the open
cases of each person.

All of it is computed as rows (municipality, kind, metric, n) by a few
grouped queries. A beat task stores them (AttentionCount) every two
minutes, as often as the bands themselves can move (the sweep runs every
five); a page reads the snapshot while it is fresh and computes the rows
live otherwise, so both paths give the same numbers.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from compliance.models import Term
from compliance.selectors import open_terms, sap_risk_case_ids
from intake.selectors import open_cases_grouped, open_terms_grouped
from reports.models import AttentionCount, SnapshotTime
from responses.selectors import notification_sap_risk_case_ids

SNAPSHOT = "attention"


def attention_rows() -> list[tuple[int, str, int, str, int]]:
    """
    Compute (municipality id or 0, kind, assignee id or 0, metric, n) live:
    five grouped queries.
    """
    person = "case__assignee_id"
    rows = []
    for m, k, a, band, n in open_terms_grouped(open_terms(), person, "band"):
        rows.append((m, k, a or 0, f"band:{band}", n))
    limit = timezone.localdate() - timedelta(days=settings.REPORTS_SUSPENSION_WARN_DAYS)
    suspended = open_terms().filter(suspended_since__isnull=False)
    for m, k, a, n, near in open_terms_grouped(suspended, person, near=Count(
            "case_id", distinct=True, filter=Q(suspended_since__lte=limit))):
        rows += [(m, k, a or 0, "suspended", n), (m, k, a or 0, "suspended_near", near)]
    pending = open_terms().filter(purpose=Term.Purpose.SAP_RECONOCIMIENTO)
    rows += [(m, k, a or 0, "sap_pending", n)
             for m, k, a, n in open_terms_grouped(pending, person)]
    sap_ids = sap_risk_case_ids().union(notification_sap_risk_case_ids())
    rows += [(m, k, a, "sap", n)
             for m, k, a, n in open_cases_grouped(case_ids=sap_ids, by_assignee=True)]
    rows += [(m, k, a, f"assignee:{a}", n)
             for m, k, a, n in open_cases_grouped(by_assignee=True)]
    return rows


@transaction.atomic
def attention_refresh() -> int:
    """Replace the snapshot with fresh rows; return how many (one refresh at a time)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('reports.attention'))")
    rows = attention_rows()
    AttentionCount.objects.all().delete()
    AttentionCount.objects.bulk_create(
        [AttentionCount(municipality_id=m, kind=k, assignee_id=a, metric=metric, n=n)
         for m, k, a, metric, n in rows if n], batch_size=5000)
    SnapshotTime.objects.update_or_create(name=SNAPSHOT,
                                          defaults={"computed_at": timezone.now()})
    return len(rows)


def attention_counts(*, municipality_id: int | None = None, kind: str | None = None,
                     assignee_ids=None) -> tuple[dict[str, int], object]:
    """
    {metric: n} for a municipality and/or kind and/or the cases of some
    people (a team), and the instant it describes (None: computed now). The
    snapshot is used while younger than REPORTS_ATTENTION_MAX_AGE seconds.
    """
    stamp = SnapshotTime.objects.filter(name=SNAPSHOT).values_list("computed_at",
                                                                  flat=True).first()
    max_age = timedelta(seconds=settings.REPORTS_ATTENTION_MAX_AGE)
    if stamp is not None and timezone.now() - stamp <= max_age:
        counts = AttentionCount.objects.all()
        if municipality_id:
            counts = counts.filter(municipality_id=municipality_id)
        if kind:
            counts = counts.filter(kind=kind)
        if assignee_ids is not None:
            counts = counts.filter(assignee_id__in=assignee_ids)
        return dict(counts.values_list("metric").annotate(total=Sum("n")).order_by()), stamp
    out: dict[str, int] = {}
    people = None if assignee_ids is None else set(assignee_ids)
    for m, k, a, metric, n in attention_rows():
        if (not municipality_id or m == municipality_id) and (not kind or k == kind) \
                and (people is None or a in people):
            out[metric] = out.get(metric, 0) + n
    return out, None


def open_cases_total() -> int | None:
    """Every open case, from the snapshot while fresh (None otherwise): intake's landing pages."""
    stamp = SnapshotTime.objects.filter(name=SNAPSHOT).values_list("computed_at",
                                                                  flat=True).first()
    max_age = timedelta(seconds=settings.REPORTS_ATTENTION_MAX_AGE)
    if stamp is None or timezone.now() - stamp > max_age:
        return None
    return AttentionCount.objects.filter(metric__startswith="assignee:").aggregate(
        total=Sum("n"))["total"] or 0
