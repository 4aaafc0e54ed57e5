"""Reads of the record's own tables (the access log)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from caserecord.models import DataAccess


def _local_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def data_access_list(*, actor=None, kind: str = "", since: date | None = None,
                     until: date | None = None, radicado: str = ""):
    """
    The reads of personal data, newest first, filtered by person, kind,
    local days (both included) and case number.
    """
    qs = DataAccess.objects.select_related("actor", "case")
    if actor is not None:
        qs = qs.filter(actor=actor)
    if kind:
        qs = qs.filter(kind=kind)
    if since is not None:
        qs = qs.filter(created_at__gte=_local_start(since))
    if until is not None:
        qs = qs.filter(created_at__lt=_local_start(until + timedelta(days=1)))
    if radicado:
        qs = qs.filter(case__radicado=radicado.strip())
    return qs.order_by("-created_at", "-pk")
