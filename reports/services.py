"""Writes of reports: indicator targets (SUI files and management reports in their modules)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from caserecord.services import event_record
from pqr_portal.access import require
from reports import policy
from reports.indicators import BY_CODE, targets
from reports.models import IndicatorTarget


@transaction.atomic
def targets_save(*, values: dict[str, Decimal], actor) -> list[str]:
    """Store the targets that changed (one event each); return their codes."""
    require(policy.can_manage_reports(actor))
    current, changed = targets(), []
    for code, new in values.items():
        if code not in BY_CODE or new is None or new == current[code]:
            continue
        row, _created = IndicatorTarget.objects.update_or_create(
            code=code, defaults={"target": new, "updated_by": actor})
        event_record(record=row, kind="report.target_changed", actor=actor,
                     data={"code": code, "old": str(current[code]), "new": str(new)})
        changed.append(code)
    return changed
