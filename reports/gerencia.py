"""
The gerente's page (/trabajo/gerencia/): the dashboard's open terms right now,
the process indicators of the month to date against their targets with their
traffic lights, how many meet them, and the latest monthly management reports.

Cheap at a million cases: the scorecard is the indicators page's own
(`reports.indicators.scorecard`), which reads the monthly roll-up for settled
months and the daily one for the days of this month up to yesterday, and counts
only today live through date indexes (the rows "indicadores, mes en curso" and
"inicio de la gerencia" of docs/benchmarks-reports.md); the reports are stored
rows; the open terms come from the dashboard's attention snapshot. No query
walks every case.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from reports.dashboard import attention
from reports.indicators import LIGHT_LABELS, scorecard
from reports.models import ManagementReport
from reports.periods import Period, month_end, month_start

LIGHT_ORDER = ("verde", "amarillo", "rojo", "gris")


def gerencia_summary(today: date) -> dict:
    """What the gerente's page shows on `today` (a Bogotá date)."""
    period = Period(month_start(today), today)
    rows = scorecard(period)
    counts = Counter(r["light"] for r in rows)
    previous = month_start(month_start(today) - timedelta(days=1))
    return {
        "period": period,
        "rows": rows,
        "lights": [{"light": k, "label": LIGHT_LABELS[k], "n": counts.get(k, 0)}
                   for k in LIGHT_ORDER],
        "off_target": [r for r in rows if r["light"] == "rojo"],
        "previous": Period(previous, month_end(previous)),
        "reports": list(ManagementReport.objects.select_related("approved_by")[:3]),
        # The dashboard's "now" (every open term by band, SAP, suspensions, unassigned),
        # read from the attention snapshot the beat keeps, each number a link.
        "now": attention(),
    }
