"""Benchmark the pure counting rules: calls per second in one process."""

import random
import time
from datetime import date, datetime, timedelta

from compliance.calendars import add_business_days, default_calendar
from compliance.terms import BOGOTA, response_due_date
from pqr_portal.management.guard import NotInProductionCommand

TARGET = 200_000


class Command(NotInProductionCommand):
    help = "Mide llamadas por segundo de add_business_days y response_due_date (meta: 200.000/s)."

    def add_arguments(self, parser):
        parser.add_argument("--calls", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, calls, seed, **options):
        rng = random.Random(seed)
        default_calendar()  # built once per process, as in production; not timed
        days = [date(2026, 1, 1) + timedelta(days=rng.randrange(3 * 365)) for _ in range(4096)]
        instants = [datetime(2026, 1, 1, tzinfo=BOGOTA) + timedelta(minutes=rng.randrange(3 * 365 * 1440))
                    for _ in range(4096)]
        lengths = [rng.choice((5, 10, 15, 30)) for _ in range(4096)]
        results = {}
        for name, fn, inputs in (("add_business_days", add_business_days, days),
                                 ("response_due_date", response_due_date, instants)):
            start = time.perf_counter()
            for i in range(calls):
                fn(inputs[i & 4095], lengths[i & 4095])
            elapsed = time.perf_counter() - start
            rate = calls / elapsed
            results[name] = rate
            verdict = "OK" if rate >= TARGET else "BELOW TARGET"
            self.stdout.write(f"{name}: {calls} calls in {elapsed:.3f} s = {rate:,.0f} calls/s "
                              f"({verdict}, target {TARGET:,}/s)")
        return None
