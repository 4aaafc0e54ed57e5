"""
Benchmark the reports pages over many cases on PostgreSQL.

    manage.py bench_intake --cases 1000000 --repeat 1   # the cases (set-based fill)
    manage.py bench_reports --prepare                     # municipalities + roll-up
    manage.py bench_reports --repeat 30                   # measure

--prepare spreads the bench cases over the seeded municipalities (one
set-based UPDATE; bench_intake leaves them empty) and rebuilds the monthly
and daily roll-up, timing it. The measure drives the real views through the Django
test client (middleware, session, templates; no network) as a coordinator,
and times the SUI file of the busiest month with its peak Python memory.

    manage.py bench_reports --http http://127.0.0.1:PORT --clients 8 --seconds 60

measures the same pages over HTTP instead, against a server started on the same
database (scripts/bench_reports_http.sh starts gunicorn and runs this): each client
logs in with its own session of the page's role and asks for the pages in turn,
so the figures include the WSGI server, the sockets and the queueing of
`--clients` concurrent users on the server's workers.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import tracemalloc
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from intake.selectors import municipalities
from pqr_portal.management.guard import NotInProductionCommand
from pqr_portal.roles import GROUP_NAMES, Role
from reports.rollup import rollup_refresh
from reports.sui import sui_write

YEAR = 2025


class Command(NotInProductionCommand):
    help = "Measure the dashboard, the indicators and the SUI file over many cases (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--prepare", action="store_true")
        parser.add_argument("--repeat", type=int, default=30)
        parser.add_argument("--sui-month", default=f"{YEAR}-03")
        parser.add_argument("--skip-sui", action="store_true")
        parser.add_argument("--http", metavar="BASE_URL",
                            help="measure over HTTP against a server on this database")
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--seconds", type=float, default=60)

    def handle(self, *args, **opts):
        if connection.vendor != "postgresql":
            raise CommandError("bench_reports needs PostgreSQL (set DATABASE_URL).")
        if opts["prepare"]:
            self._prepare()
        if opts["http"]:
            from reports.management.commands._bench_http import measure_over_http

            rows = [(label, url, params, role) for label, url, params, role in self._pages()]
            users = {role: self._user(role, f"bench-{role.value}") for *_x, role in rows}
            measure_over_http(self.stdout, opts["http"], rows, users, clients=opts["clients"],
                              seconds=opts["seconds"])
            return
        self._measure(opts["repeat"])
        if not opts["skip_sui"]:
            year, month = (int(p) for p in opts["sui_month"].split("-"))
            self._sui(date(year, month, 1))

    def _prepare(self):
        ids = list(municipalities().values_list("pk", flat=True))
        t = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(f"""
                UPDATE intake_case SET municipality_id = (ARRAY[{','.join(map(str, ids))}])
                    [1 + (id * 13) % {len(ids)}]
                WHERE municipality_id IS NULL AND radicado LIKE '{YEAR}-%%'""")
            cur.execute("ANALYZE intake_case")
        self.stdout.write(f"municipalities: {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        months = rollup_refresh(first=date(YEAR, 1, 1))
        self.stdout.write(f"roll-up of {len(months)} months and their days, and of the "
                          f"current month's days: {time.perf_counter() - t:.1f} s")

    def _user(self, role=Role.COORDINADOR, username="bench-coord"):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.groups.add(Group.objects.get(name=GROUP_NAMES[role]))
        return user

    def _team(self) -> int:
        """A team of the two people with the most cases (the dashboard's team filter)."""
        from intake.models import Team

        with connection.cursor() as cur:
            cur.execute("SELECT assignee_id FROM intake_case WHERE assignee_id IS NOT NULL "
                        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2")
            people = [row[0] for row in cur.fetchall()]
        team, _ = Team.objects.get_or_create(name="Equipo de medición")
        team.members.set(people)
        return team.pk

    def _time(self, client, url, params, repeat):
        client.get(url, params)  # warm up
        times, sql, queries = [], [], set()
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = client.get(url, params)
                times.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} {params} answered {response.status_code}")
            queries.add(len(ctx))
            sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        return statistics.median(times), p95, statistics.median(sql), queries

    def _pages(self) -> list[tuple[str, str, dict, Role]]:
        """(label, url, query, role) of every measured page."""
        muni = municipalities().values_list("pk", flat=True).first()
        team = self._team()
        dashboard, indicators = reverse("reports:dashboard"), reverse("reports:indicators")
        scenarios = [
            ("tablero, mes en curso (por defecto)", dashboard, {}),
            ("tablero, un día", dashboard, {"desde": f"{YEAR}-06-10", "hasta": f"{YEAR}-06-10"}),
            ("tablero, un mes", dashboard, {"desde": f"{YEAR}-06-01", "hasta": f"{YEAR}-06-30"}),
            ("tablero, año completo", dashboard, {"desde": f"{YEAR}-01-01",
                                                  "hasta": f"{YEAR}-12-31"}),
            ("tablero, 12 meses con bordes parciales", dashboard,
             {"desde": f"{YEAR}-01-15", "hasta": f"{YEAR + 1}-01-14"}),
            ("tablero, año + municipio", dashboard, {"desde": f"{YEAR}-01-01",
                                                     "hasta": f"{YEAR}-12-31", "municipio": muni}),
            ("tablero, año + tipo", dashboard, {"desde": f"{YEAR}-01-01",
                                                "hasta": f"{YEAR}-12-31", "tipo": "reclamo"}),
            ("tablero, 12 meses con bordes + municipio", dashboard,
             {"desde": f"{YEAR}-01-15", "hasta": f"{YEAR + 1}-01-14", "municipio": muni}),
            ("tablero, 12 meses con bordes + equipo", dashboard,
             {"desde": f"{YEAR}-01-15", "hasta": f"{YEAR + 1}-01-14", "equipo": team}),
            ("tablero, año + equipo + municipio", dashboard,
             {"desde": f"{YEAR}-01-01", "hasta": f"{YEAR}-12-31", "equipo": team,
              "municipio": muni}),
            ("tablero, 12 meses con bordes + equipo + tipo", dashboard,
             {"desde": f"{YEAR}-01-15", "hasta": f"{YEAR + 1}-01-14", "equipo": team,
              "tipo": "reclamo"}),
            ("indicadores, un mes", indicators, {"desde": f"{YEAR}-06-01",
                                                 "hasta": f"{YEAR}-06-30"}),
            ("indicadores, año completo", indicators, {"desde": f"{YEAR}-01-01",
                                                       "hasta": f"{YEAR}-12-31"}),
            ("indicadores, 12 meses con bordes parciales", indicators,
             {"desde": f"{YEAR}-01-15", "hasta": f"{YEAR + 1}-01-14"}),
            ("indicadores, mes en curso", indicators, {}),
            ("inicio de la coordinación", reverse("work:coordinador"), {}),
        ]
        pages = [(label, url, params, Role.COORDINADOR) for label, url, params in scenarios]
        # The gerente's page: the month-to-date scorecard, the plan to approve, the reports.
        landing = [("inicio de la gerencia (indicadores del mes)", reverse("work:gerente"), {},
                    Role.GERENTE),
                   ("inicio del back office", reverse("work:back-office"), {}, Role.BACK_OFFICE),
                   ("inicio del front office", reverse("work:front-office"), {},
                    Role.FRONT_OFFICE),
                   ("inicio del brigadista", reverse("work:brigadista"), {}, Role.BRIGADISTA)]
        return pages + landing

    def _measure(self, repeat):
        if repeat < 1:
            return
        from django.conf import settings

        storages = {**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False,
                               STORAGES=storages, PQR_OTP_REQUIRED=False):
            client = Client()
            with connection.cursor() as cur:
                cur.execute("SELECT count(*) FROM intake_case")
                total = cur.fetchone()[0]
            self.stdout.write(f"\ncases: {total:,}; {repeat} requests per row\n")
            self.stdout.write("| page | p50 ms | p95 ms | SQL ms (p50) | queries |")
            self.stdout.write("| --- | ---: | ---: | ---: | ---: |")
            for label, url, params, role in self._pages():
                client.force_login(self._user(role, f"bench-{role.value}"))
                p50, p95, sql, queries = self._time(client, url, params, repeat)
                self.stdout.write(f"| {label} | {p50:.1f} | {p95:.1f} | {sql:.1f} | "
                                  f"{'/'.join(map(str, sorted(queries)))} |")

    def _sui(self, month: date):
        # Timed on its own, then again under tracemalloc for the peak (which slows it down).
        t = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            result, _sha = sui_write(month, out)
            size = out.tell()
        elapsed = time.perf_counter() - t
        tracemalloc.start()
        with tempfile.TemporaryFile() as out:
            sui_write(month, out)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.stdout.write(f"\nSUI {month:%Y-%m}: {result.rows:,} rows, {size / 1e6:.1f} MB in "
                          f"{elapsed:.1f} s; peak Python memory {peak / 1e6:.1f} MB "
                          f"(second run, under tracemalloc); "
                          f"{result.invalid_rows:,} rows with problems")
