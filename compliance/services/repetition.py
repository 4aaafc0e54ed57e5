"""
The repetition rules (CPAI-001: repetitive failures are non-conforming too).

In one period (PQR_NC_REPETITION_PERIOD: "mes" or "trimestre"), when the same
causal, the same person (the one concerned, or the gestor the case was assigned
to) or the same QHSE checklist item fails PQR_NC_REPETITION_THRESHOLD times,
one critical "falla repetitiva" non-conformity is raised, once per subject and
period (unique repetition_key + period_start). Run after every non-conformity
or inspection recorded here, and daily (compliance.tasks) for the ones the
sweep inserts.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from caserecord.services import event_record
from compliance.models import InspectionAnswer, NonConformity
from compliance.terms import BOGOTA


def threshold() -> int:
    return max(2, int(getattr(settings, "PQR_NC_REPETITION_THRESHOLD", 3)))


def period_bounds(day: date) -> tuple[date, date]:
    """First day of the period containing `day` and first day of the next one."""
    if getattr(settings, "PQR_NC_REPETITION_PERIOD", "mes") == "trimestre":
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = date(day.year, first_month, 1)
        months = 3
    else:
        start, months = date(day.year, day.month, 1), 1
    month = start.month + months
    end = date(start.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return start, end


def _instants(start: date, end: date):
    return (datetime.combine(start, time.min, tzinfo=BOGOTA),
            datetime.combine(end, time.min, tzinfo=BOGOTA))


def repetitions_check(*, day: date) -> list[NonConformity]:
    """Raise the repetitive-failure non-conformities due in the period of `day`."""
    start, end = period_bounds(day)
    since, until = _instants(start, end)
    n = threshold()
    base = NonConformity.objects.filter(detected_at__gte=since, detected_at__lt=until) \
        .exclude(kind=NonConformity.Kind.REPETITIVA).exclude(status=NonConformity.Status.ANULADA)
    raised = []
    for row in (base.filter(case__causal__isnull=False).values("case__causal_id",
                                                                 "case__causal__code",
                                                                 "case__causal__name")
                .annotate(n=Count("id")).filter(n__gte=n)):
        raised.append(_raise(f"causal:{row['case__causal_id']}", start, row["n"], _(
            "La causal %(code)s %(name)s acumula %(n)s no conformidades en el periodo que "
            "empieza el %(start)s.") % {"code": row["case__causal__code"],
                                        "name": row["case__causal__name"], "n": row["n"],
                                        "start": start.strftime("%d/%m/%Y")}))
    for row in (base.annotate(who=Coalesce("person_id", "case__assignee_id"))
                .exclude(who=None).values("who").annotate(n=Count("id")).filter(n__gte=n)):
        raised.append(_raise(f"persona:{row['who']}", start, row["n"], _(
            "La misma persona acumula %(n)s no conformidades en el periodo que empieza el "
            "%(start)s.") % {"n": row["n"], "start": start.strftime("%d/%m/%Y")},
            person_id=row["who"]))
    failed = InspectionAnswer.objects.filter(
        result=InspectionAnswer.Result.NO_CUMPLE, inspection__performed_at__gte=since,
        inspection__performed_at__lt=until)
    for row in (failed.values("inspection__template__code", "item__key")
                .annotate(n=Count("id"), text=Max("item__text"))
                .filter(n__gte=n)):
        code, key = row["inspection__template__code"], row["item__key"]
        raised.append(_raise(f"item:{code}:{key}"[:80], start, row["n"], _(
            "El punto «%(item)s» de la lista %(list)s falló %(n)s veces en el periodo que "
            "empieza el %(start)s.") % {"item": row["text"], "list": code, "n": row["n"],
                                        "start": start.strftime("%d/%m/%Y")}))
    return [nc for nc in raised if nc is not None]


def _raise(key: str, start: date, count: int, description: str,
           person_id: int | None = None) -> NonConformity | None:
    """Create the period's non-conformity for `key`, unless it exists; None if it did."""
    if NonConformity.objects.filter(repetition_key=key, period_start=start).exists():
        return None
    try:
        with transaction.atomic():
            nc = NonConformity.objects.create(
                kind=NonConformity.Kind.REPETITIVA, origin=NonConformity.Origin.REPETICION,
                severity=NonConformity.Severity.CRITICA, description=description,
                person_id=person_id, repetition_key=key, period_start=start)
    except IntegrityError:  # raised meanwhile by another transaction
        return None
    event_record(kind="nonconformity.opened", record=nc, actor=None, data={
        "kind": nc.kind, "origin": nc.origin, "severity": nc.severity, "responsible_id": None,
        "repetition_key": key, "count": count})
    return nc
