"""
The terms sweep: move open terms to their band with a few set-based UPDATEs.

Idempotent: every UPDATE only matches rows not yet in their band, so a
second run right after the first changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from compliance.models import Term
from compliance.services import legal_calendar
from compliance.terms import BOGOTA


def bands_update(*, now: datetime) -> dict[str, int]:
    """Set the band of every open term for the instant `now`; return rows changed per band."""
    today = timezone.localtime(now, BOGOTA).date()
    limit = legal_calendar().add_business_days(today, settings.PQR_TERMS_BAND_WARNING_DAYS)
    open_terms = Term.objects.filter(met_at__isnull=True, cancelled_at__isnull=True)
    B = Term.Band
    with transaction.atomic():
        changed = {
            B.VENCIDO: open_terms.filter(due_at__lte=now).exclude(band=B.VENCIDO)
            .update(band=B.VENCIDO),
            B.VENCE_HOY: open_terms.filter(due_date=today, due_at__gt=now)
            .exclude(band=B.VENCE_HOY).update(band=B.VENCE_HOY),
            B.POR_VENCER: open_terms.filter(due_date__gt=today, due_date__lte=limit)
            .exclude(band=B.POR_VENCER).update(band=B.POR_VENCER),
            B.AL_DIA: open_terms.filter(due_date__gt=limit).exclude(band=B.AL_DIA)
            .update(band=B.AL_DIA),
        }
    return {str(k): v for k, v in changed.items()}


def terms_sweep(*, now: datetime) -> dict:
    """Run the whole sweep at `now` (bands; alerts and SAP risk grow here)."""
    return {"bands": bands_update(now=now)}
