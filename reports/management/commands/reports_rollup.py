"""
Rebuild the reports' case roll-up now (what the nightly beat does):

    manage.py reports_rollup                  # the last 24 months, their days, this month's days
    manage.py reports_rollup --first 2025-01  # from that month on

Run it after a migration that empties the roll-up (reports 0004): until then the
dashboard counts those months live (same numbers, slower).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from reports.periods import parse_month
from reports.rollup import rollup_refresh


class Command(BaseCommand):
    help = "Rebuild the monthly and daily roll-up of cases behind the dashboard and indicators."

    def add_arguments(self, parser):
        parser.add_argument("--first", default="", help="AAAA-MM (default: 24 months back)")

    def handle(self, *args, first, **opts):
        if connection.vendor != "postgresql":
            # COPY and an advisory lock; the embedded default counts every period live.
            raise CommandError("El resumen de casos necesita PostgreSQL (DATABASE_URL); la "
                               "instalación de demostración cuenta en vivo.")
        start = parse_month(first) if first else None
        if first and start is None:
            raise CommandError("--first must be AAAA-MM")
        t = time.perf_counter()
        months = rollup_refresh(first=start)
        self.stdout.write(f"{len(months)} months, their days and this month's days rolled up "
                          f"in {time.perf_counter() - t:.1f} s")
