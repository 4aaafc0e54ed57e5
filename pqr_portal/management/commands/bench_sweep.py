"""
Benchmark the terms sweep over N open terms.

Seeds N cases with their open response terms in a few set-based statements
(INSERT ... SELECT over generate_series on PostgreSQL, a recursive CTE on
SQLite), times terms_sweep at several instants, prints the query plans of
the band UPDATEs (EXPLAIN ANALYZE, rolled back) and deletes what it seeded.
Run it against a throwaway database: see docs/benchmarks-terms.md.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.db.models.sql.subqueries import UpdateQuery
from django.utils import timezone

from compliance.models import Alert, NonConformity, Term
from compliance.services import legal_calendar
from compliance.sweep import alerts_sql, band_statements, terms_sweep
from compliance.terms import BOGOTA, end_of_day
from pqr_portal.management.guard import NotInProductionCommand

PREFIX = "BENCH-"
WINDOW = 30  # due dates spread over the next 30 business days
OVERDUE_PER_MILLE = 1  # 0.1 % of the terms were due yesterday


class Command(NotInProductionCommand):
    help = "Mide el barrido de términos sobre N términos abiertos (use una base de datos desechable)."

    def add_arguments(self, parser):
        parser.add_argument("--terms", type=int, default=100_000)
        parser.add_argument("--assignees", type=int, default=2000)
        parser.add_argument("--keep", action="store_true", help="No borrar los datos sembrados.")
        parser.add_argument("--no-explain", action="store_true")

    def handle(self, *args, terms, assignees, keep, no_explain, **options):
        if terms < 1:
            raise CommandError("--terms must be positive")
        from intake.models import Case

        if Case.objects.filter(radicado__startswith=PREFIX).exists():
            raise CommandError("Datos de una corrida anterior: bórrelos (corra sin --keep).")
        self.vendor = connection.vendor
        now = timezone.localtime(timezone.now(), BOGOTA).replace(hour=9, minute=0, second=0,
                                                                 microsecond=0)
        self.stdout.write(f"database: {self.vendor} {connection.settings_dict.get('NAME')}")
        try:
            t0 = time.perf_counter()
            self.seed(n=terms, assignees=assignees, now=now)
            self.stdout.write(f"seed: {terms:,} cases + open response terms in "
                              f"{time.perf_counter() - t0:.1f} s")
            if not no_explain:
                self.explain(now=now, title="cold (bands not yet set)")
            first_due = legal_calendar().add_business_days(now.date(), 1)
            runs = [("cold run", now), ("rerun, same instant", now),
                    ("beat run 5 min later", now + timedelta(minutes=5)),
                    ("next business day 00:05 (bands move)",
                     datetime.combine(first_due, datetime.min.time(), tzinfo=BOGOTA)
                     + timedelta(minutes=5)),
                    ("the day after 00:05 (a whole day of terms expires: worst case)",
                     end_of_day(first_due) + timedelta(minutes=5))]
            for label, instant in runs:
                t0, phases = time.perf_counter(), {}
                result = terms_sweep(now=instant, timings=phases)
                elapsed = time.perf_counter() - t0
                self.stdout.write(f"sweep {label}: {elapsed:.3f} s {result}\n  phases (s): {phases}")
            if not no_explain:
                self.explain(now=runs[-1][1] + timedelta(minutes=5), title="steady state")
        finally:
            if not keep:
                t0 = time.perf_counter()
                self.cleanup()
                self.stdout.write(f"cleanup: {time.perf_counter() - t0:.1f} s")

    # --- seeding -----------------------------------------------------------------

    def series(self, n: int) -> str:
        if self.vendor == "postgresql":
            return f"SELECT g AS i FROM generate_series(1, {int(n)}) AS g"
        return (f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s "
                f"WHERE i < {int(n)}) SELECT i FROM s")

    def seed(self, *, n: int, assignees: int, now: datetime) -> None:
        from django.contrib.auth import get_user_model

        from intake.models import Case, Customer

        User = get_user_model()
        calendar = legal_calendar()
        today = now.date()
        dues = [calendar.add_business_days(today - timedelta(days=1), k) for k in range(1, WINDOW + 1)]
        yesterday = today - timedelta(days=1)
        while not calendar.is_business_day(yesterday):
            yesterday -= timedelta(days=1)
        customer = Customer.objects.create(id_type="CC", id_number="BENCH0000",
                                           first_name="Bench", last_name="Sweep")
        User.objects.bulk_create([User(username=f"{PREFIX}{k}") for k in range(assignees)])
        user_ids = list(User.objects.filter(username__startswith=PREFIX).order_by("pk")
                        .values_list("pk", flat=True))
        # Explicit ids let each case point at its term in the same INSERT (no UPDATE pass).
        case_base = (Case.objects.aggregate(m=Max("pk"))["m"] or 0) + 10
        term_base = (Term.objects.aggregate(m=Max("pk"))["m"] or 0) + 10
        with transaction.atomic():
            self.skip_fk_triggers()
            self.insert_cases(n=n, customer_id=customer.pk, user_ids=user_ids, now=now,
                              case_base=case_base, term_base=term_base)
            self.insert_terms(n=n, dues=dues, overdue=yesterday, now=now,
                              case_base=case_base, term_base=term_base)
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (Case, Term):
                    table = model._meta.db_table
                    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                   f"(SELECT MAX(id) FROM {table}))")
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                # VACUUM cannot run inside a transaction (as under pytest): then ANALYZE only.
                verb = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                cursor.execute(f"{verb} {Term._meta.db_table}")
                cursor.execute(f"{verb} {Case._meta.db_table}")
            else:
                cursor.execute("ANALYZE")

    def skip_fk_triggers(self) -> None:
        """
        The seeded rows are consistent by construction; on a throwaway cluster
        where we are superuser, skip the per-row foreign-key triggers (millions
        of deferred checks at COMMIT). Elsewhere, keep them and wait.
        """
        if self.vendor != "postgresql":
            return
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            self.stdout.write("(not superuser: foreign-key checks stay on; seeding is slower)")
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")

    def insert_cases(self, *, n, customer_id, user_ids, now, case_base, term_base):
        from intake.models import Case

        explicit = {
            "id": f"{int(case_base)} + i",
            "response_term_id": f"{int(term_base)} + i",
            "radicado": f"'{PREFIX}' || i",
            "kind": "'reclamo'", "channel": "'web'", "status": "'asignado'",
            "status_changed_at": "%(now)s", "filed_at": "%(now)s", "customer_id": str(customer_id),
            "description": "'Benchmark'", "tracking_code": f"'{PREFIX}' || i",
            "receipt_sent_at": "%(now)s", "created_at": "%(now)s", "updated_at": "%(now)s",
        }
        if user_ids:
            # Assignees by position: each person gets about n / len(user_ids) cases.
            explicit["assignee_id"] = f"{user_ids[0]} + (i %% {len(user_ids)})" \
                if user_ids == list(range(user_ids[0], user_ids[0] + len(user_ids))) else "NULL"
        columns, values, params = [], [], {"now": now}
        for field in Case._meta.concrete_fields:
            if field.column in explicit:
                columns.append(field.column)
                values.append(explicit[field.column])
            elif not field.null:
                key = f"d_{field.column}"
                params[key] = field.get_db_prep_save(field.get_default(), connection)
                columns.append(field.column)
                values.append(f"%({key})s")
        sql = (f"INSERT INTO {Case._meta.db_table} ({', '.join(columns)}) "
               f"SELECT {', '.join(values)} FROM ({self.series(n)}) AS s")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def insert_terms(self, *, n, dues, overdue, now, case_base, term_base):
        # due index by position: 0.1 % overdue, the rest spread over WINDOW business days.
        cases = [f"WHEN i %% {len(dues)} = {k} THEN %(due{k})s" for k in range(len(dues))]
        due_at_cases = [f"WHEN i %% {len(dues)} = {k} THEN %(at{k})s" for k in range(len(dues))]
        params = {"now": now, "over": overdue, "over_at": end_of_day(overdue),
                  "basis": "Ley 142 de 1994 art. 158", "start": now.date() - timedelta(days=7)}
        for k, due in enumerate(dues):
            params[f"due{k}"], params[f"at{k}"] = due, end_of_day(due)
        overdue_test = f"i %% 1000 < {OVERDUE_PER_MILLE}"
        sql = f"""
            INSERT INTO {Term._meta.db_table}
                (id, case_id, purpose, legal_basis, unit, length, started_at, starts_on, due_date,
                 due_at, band, met_how, created_at)
            SELECT {int(term_base)} + i, {int(case_base)} + i, 'respuesta', %(basis)s, 'business_days', 15, %(now)s, %(start)s,
                   CASE WHEN {overdue_test} THEN %(over)s {' '.join(cases)} END,
                   CASE WHEN {overdue_test} THEN %(over_at)s {' '.join(due_at_cases)} END,
                   'al_dia', '', %(now)s
            FROM ({self.series(n)}) AS s
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    # --- plans -------------------------------------------------------------------

    def explain(self, *, now: datetime, title: str) -> None:
        self.stdout.write(f"\n=== query plans, {title}, now={now.isoformat()} ===")
        prefix = ("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " if self.vendor == "postgresql"
                  else "EXPLAIN QUERY PLAN ")
        with transaction.atomic():
            for band, qs in band_statements(now=now):
                query = qs.query.chain(UpdateQuery)
                query.add_update_values({"band": band})
                sql, params = query.get_compiler(qs.db).as_sql()
                with connection.cursor() as cursor:
                    cursor.execute(prefix + sql, params)
                    plan = "\n".join("  " + " | ".join(str(c) for c in row) for row in cursor.fetchall())
                self.stdout.write(f"-- to {band}:\n{sql % tuple(repr(str(p)) for p in params)}\n{plan}")
            # The alerts INSERT ... SELECT runs after the bands, so explain it after them.
            sql, params = alerts_sql(now=now)
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql, params)
                plan = "\n".join("  " + " | ".join(str(c) for c in row) for row in cursor.fetchall())
            self.stdout.write(f"-- alerts:\n{' '.join(sql.split())}\n{plan}")
            transaction.set_rollback(True)  # EXPLAIN ANALYZE ran the statements: undo them

    # --- cleanup -----------------------------------------------------------------

    def cleanup(self) -> None:
        from django.contrib.auth import get_user_model

        from caserecord.models import Event as CaseEvent
        from caserecord.models import OutgoingEmail
        from intake.models import Case, Customer

        cases = Case.objects.filter(radicado__startswith=PREFIX)
        with transaction.atomic():
            self.skip_fk_triggers()
            Alert.objects.filter(case__in=cases).delete()
            NonConformity.objects.filter(case__in=cases).delete()
            CaseEvent.objects.filter(case__in=cases)._raw_delete(CaseEvent.objects.db)
            OutgoingEmail.objects.filter(case__in=cases).delete()
            cases.update(response_term=None)
            Term.objects.filter(case__in=cases)._raw_delete(Term.objects.db)
            cases._raw_delete(Case.objects.db)
            Customer.objects.filter(id_number="BENCH0000").delete()
            users = get_user_model().objects.filter(username__startswith=PREFIX)
            Alert.objects.filter(recipient__in=users).delete()
            users.delete()
