"""
Scoped reads of field visits: who sees which order, visit and acta.

A brigadista sees only the visits assigned to them (and the orders and
actas behind those); the office roles that read every case see all. Every
*_get_for answers 404 for missing and hidden rows alike.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from field_visits import policy
from field_visits.models import Acta, RevisionOrder, Visit
from pqr_portal.roles import GROUP_NAMES, Role


def _reads_all(user) -> bool:
    return policy.can_view_orders_of_all(user)


def order_queryset_for(user) -> QuerySet[RevisionOrder]:
    orders = RevisionOrder.objects.select_related("case", "case__customer", "brigadista")
    if _reads_all(user):
        return orders
    if policy.can_work_visit(user):
        # Only while one of their visits on the order is still to be done.
        return orders.filter(visits__brigadista=user,
                             visits__status=Visit.Status.SCHEDULED).distinct()
    return orders.none()


def order_get_for(user, *, order_id: int) -> RevisionOrder:
    return get_object_or_404(order_queryset_for(user), pk=order_id)


def visit_queryset_for(user) -> QuerySet[Visit]:
    visits = Visit.objects.select_related("order", "order__case", "order__case__customer",
                                          "order__case__municipality", "brigadista")
    if _reads_all(user):
        return visits
    if policy.can_work_visit(user):
        return visits.filter(brigadista=user)
    return visits.none()


def visit_get_for(user, *, visit_id: int) -> Visit:
    return get_object_or_404(visit_queryset_for(user), pk=visit_id)


def acta_queryset_for(user) -> QuerySet[Acta]:
    actas = Acta.objects.select_related("order", "order__case", "order__case__customer",
                                        "visit", "brigadista", "corrects", "pdf")
    if _reads_all(user):
        return actas
    if policy.can_work_visit(user):
        return actas.filter(brigadista=user)
    return actas.none()


def acta_get_for(user, *, acta_id: int) -> Acta:
    return get_object_or_404(acta_queryset_for(user), pk=acta_id)


def visits_of_day_for(user, *, day: date) -> QuerySet[Visit]:
    """The brigadista's route for `day`, in order (scheduled first, then closed ones)."""
    return (visit_queryset_for(user).filter(brigadista=user, planned_date=day)
            .exclude(status__in=[Visit.Status.RESCHEDULED, Visit.Status.CANCELLED])
            .order_by("sequence", "window_start", "pk"))


def brigadistas():
    """Active users in the Brigadista group, by name."""
    return (get_user_model().objects.filter(is_active=True,
                                            groups__name=GROUP_NAMES[Role.BRIGADISTA])
            .order_by("first_name", "last_name", "username").distinct())


def unscheduled_orders() -> QuerySet[RevisionOrder]:
    """Orders waiting for a visit: by priority, then oldest first."""
    return (RevisionOrder.objects.filter(status=RevisionOrder.Status.PENDING)
            .select_related("case", "brigadista").order_by("priority", "created_at", "pk"))


def zones() -> list[str]:
    return sorted(z for z in RevisionOrder.objects.exclude(zone="")
                  .values_list("zone", flat=True).distinct())


def week_start_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_calendar(*, week_start: date, zone: str = "", brigadista_id: int | None = None,
                  capacity: int) -> dict:
    """
    Return the week grid: one row per brigadista, one cell per day (Monday to Sunday).

    Each cell lists the scheduled and executed/failed visits and whether the
    day's load exceeds `capacity`.
    """
    days = [week_start + timedelta(days=i) for i in range(7)]
    people = list(brigadistas())
    if brigadista_id:
        people = [p for p in people if p.pk == brigadista_id]
    visits = (Visit.objects.filter(planned_date__range=(days[0], days[-1]),
                                   brigadista__in=people)
              .exclude(status__in=[Visit.Status.RESCHEDULED, Visit.Status.CANCELLED])
              .select_related("order", "order__case")
              .order_by("planned_date", "sequence", "window_start"))
    if zone:
        visits = visits.filter(order__zone=zone)
    by_cell = defaultdict(list)
    for v in visits:
        by_cell[(v.brigadista_id, v.planned_date)].append(v)
    rows = []
    for person in people:
        cells = []
        for d in days:
            items = by_cell.get((person.pk, d), [])
            load = sum(1 for v in items if v.status in (Visit.Status.SCHEDULED,
                                                         Visit.Status.EXECUTED))
            cells.append({"date": d, "visits": items, "load": load,
                          "over": load > capacity})
        rows.append({"brigadista": person, "cells": cells})
    return {"days": days, "rows": rows, "capacity": capacity,
            "previous": week_start - timedelta(days=7), "next": week_start + timedelta(days=7)}


def visit_indicators(*, start: date, end: date) -> dict:
    """
    Indicators for reports, per brigadista, for visits planned in [start, end].

    Programmed counts every visit that stayed on the calendar (scheduled,
    executed or failed; reprogrammed and annulled ones are history).
    Days from order to visit are calendar days from the order's creation to
    the arrival recorded on the first acta, for visits executed in the period.
    """
    visits = (Visit.objects.filter(planned_date__range=(start, end))
              .filter(Q(status=Visit.Status.SCHEDULED) | Q(status=Visit.Status.EXECUTED)
                      | Q(status=Visit.Status.FAILED))
              .select_related("brigadista", "order"))
    per = {}
    for v in visits:
        row = per.setdefault(v.brigadista_id, {
            "brigadista": v.brigadista, "programmed": 0, "executed": 0, "failed": 0,
            "pending": 0, "_days": []})
        row["programmed"] += 1
        if v.status == Visit.Status.EXECUTED:
            row["executed"] += 1
        elif v.status == Visit.Status.FAILED:
            row["failed"] += 1
        else:
            row["pending"] += 1
    first_actas = (Acta.objects.filter(corrects__isnull=True, visit__planned_date__range=(start, end))
                   .select_related("order").values_list("brigadista_id", "arrived_at",
                                                        "order__created_at"))
    for brig_id, arrived_at, created_at in first_actas:
        days = (timezone.localtime(arrived_at).date() - timezone.localtime(created_at).date()).days
        if brig_id in per:
            per[brig_id]["_days"].append(days)
    rows = []
    all_days = []
    for row in per.values():
        d = row.pop("_days")
        all_days.extend(d)
        row["avg_days_to_visit"] = round(sum(d) / len(d), 1) if d else None
        row["execution_rate"] = (round(100 * row["executed"] / row["programmed"], 1)
                                 if row["programmed"] else None)
        rows.append(row)
    rows.sort(key=lambda r: (r["brigadista"].get_full_name() or r["brigadista"].username))
    totals = {k: sum(r[k] for r in rows) for k in ("programmed", "executed", "failed", "pending")}
    totals["avg_days_to_visit"] = round(sum(all_days) / len(all_days), 1) if all_days else None
    return {"start": start, "end": end, "rows": rows, "totals": totals}


def case_field_summary(case, user) -> dict:
    """The orders, visits and actas of a case that `user` may see (the case page panel)."""
    orders = list(order_queryset_for(user).filter(case=case)
                  .prefetch_related("visits", "visits__brigadista", "actas"))
    return {"orders": orders}


def visit_status_counts(*, start: date, end: date) -> dict[tuple[int, str], int]:
    """Visits planned in [start, end] per (brigadista id, status), in one GROUP BY."""
    from django.db.models import Count

    rows = (Visit.objects.filter(planned_date__range=(start, end))
            .values_list("brigadista_id", "status").annotate(n=Count("pk")).order_by())
    return {(b, s): n for b, s, n in rows}


def scheduled_visit_load() -> dict[int, int]:
    """Visits still on the calendar (programada) per brigadista: their pending work."""
    from django.db.models import Count

    return dict(Visit.objects.filter(status=Visit.Status.SCHEDULED)
                .values_list("brigadista_id").annotate(n=Count("pk")).order_by())


def visits_closed(*, start: date, end: date, status: str):
    """Visits planned in [start, end] with `status` (executed or failed), as dicts, streamed."""
    return (Visit.objects.filter(planned_date__range=(start, end), status=status)
            .order_by("planned_date", "pk")
            .values_list("order__number", "order__case__radicado", "planned_date",
                         "brigadista__username", "status"))
