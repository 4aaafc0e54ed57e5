"""
Benchmark the staff case list (and the case page) over many cases on PostgreSQL.

    manage.py bench_intake --cases 1000000            # fill, then measure
    manage.py bench_intake --skip-fill --repeat 50    # measure again on the same data

The fill is set-based SQL (INSERT ... SELECT FROM generate_series), never a
Python loop: customers, cases in every state, kind and channel, and their
response terms in every band. Bench cases take radicados of year 2025 after
the counter of that year, and the counter is moved past them, so numbering
stays gap-free for the real cases that come later.

The measure drives the real views through the Django test client (middleware,
session, templates included; no network), and reports p50/p95 server time and
the number of SQL queries of each request.
"""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from caserecord.models import DocumentCounter as RadicadoCounter
from intake.choices import CaseKind, CaseStatus, Channel
from intake.models import Case, Causal
from intake.services import INCOMING_SERIES
from pqr_portal.management.guard import NotInProductionCommand
from pqr_portal.roles import GROUP_NAMES, Role

BENCH_YEAR = 2025
FIRST_NAMES = ["María", "José", "Luis", "Ana", "Carlos", "Rosa", "Jorge", "Luz", "Pedro",
               "Carmen", "Andrés", "Sandra", "Julio", "Diana", "Álvaro", "Yolanda"]
LAST_NAMES = ["Pérez", "Gómez", "Rodríguez", "Martínez", "Barrios", "Ospino", "Mendoza",
              "Zuleta", "Arrieta", "Charris", "De la Hoz", "Polo", "Fontalvo", "Orozco"]
DESCRIPTIONS = ["Reclamo por alto consumo en la factura", "El medidor quedó dañado tras la tormenta",
                "Cobro de energía reactiva sin explicación", "Corte del servicio sin aviso previo",
                "Solicita revisión del transformador del barrio", "Variaciones de voltaje dañaron la nevera",
                "Pide acuerdo de pago de la deuda", "No llegó la factura del mes"]
# Most cases of an office are closed; the open ones spread over the workflow.
STATUS_MIX = ([CaseStatus.CERRADO] * 10 + [CaseStatus.EN_TRAMITE] * 3 + [CaseStatus.ASIGNADO] * 2
              + [CaseStatus.RADICADO, CaseStatus.EN_PRUEBAS, CaseStatus.RESPUESTA_EN_REVISION,
                 CaseStatus.RESPONDIDO, CaseStatus.NOTIFICADO, CaseStatus.ANULADO])


def _sql_array(values) -> str:
    return "ARRAY[" + ",".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


class Command(NotInProductionCommand):
    help = "Fill many cases with set-based SQL and measure the staff case list (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=1_000_000)
        parser.add_argument("--customers-per-case", type=float, default=0.2)
        parser.add_argument("--skip-fill", action="store_true")
        parser.add_argument("--repeat", type=int, default=40)
        parser.add_argument("--page-size", type=int, default=50)

    def handle(self, *args, **opts):
        self.verbosity = opts["verbosity"]
        if connection.vendor != "postgresql":
            raise CommandError("bench_intake needs PostgreSQL (set DATABASE_URL).")
        users = self._users()
        if not opts["skip_fill"]:
            self._fill(opts["cases"], max(1, int(opts["cases"] * opts["customers_per_case"])),
                       [u.pk for u in users["gestores"]])
        self._measure(users["coord"], opts["repeat"], opts["page_size"])

    # --- data --------------------------------------------------------------------

    def _users(self):
        User = get_user_model()
        coord, _ = User.objects.get_or_create(username="bench-coord",
                                              defaults={"first_name": "Bench"})
        coord.groups.add(Group.objects.get(name=GROUP_NAMES[Role.COORDINADOR]))
        gestores = []
        for i in range(6):
            user, _ = User.objects.get_or_create(username=f"bench-gestor-{i}",
                                                 defaults={"first_name": f"Gestor {i}"})
            user.groups.add(Group.objects.get(name=GROUP_NAMES[Role.BACK_OFFICE]))
            gestores.append(user)
        return {"coord": coord, "gestores": gestores}

    def _fill(self, n_cases: int, n_customers: int, gestor_ids: list[int]):
        causal_ids = list(Causal.objects.values_list("pk", flat=True))
        t0 = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cur:
            counter, _ = RadicadoCounter.objects.select_for_update().get_or_create(
                series=INCOMING_SERIES, year=BENCH_YEAR)
            first = counter.last_number + 1
            cur.execute("SELECT COALESCE(MAX(id), 0) FROM intake_customer")
            cust_offset = cur.fetchone()[0]
            cur.execute(f"""
                INSERT INTO intake_customer (id_type, id_number, first_name, last_name,
                    business_name, phone, email, address, municipality_id, estrato, accounts,
                    created_at, updated_at)
                SELECT 'CE', (700000000 + %s + g)::text,
                    ({_sql_array(FIRST_NAMES)})[1 + g %% {len(FIRST_NAMES)}],
                    ({_sql_array(LAST_NAMES)})[1 + (g / 7) %% {len(LAST_NAMES)}],
                    '', '300' || lpad((g %% 10000000)::text, 7, '0'), '', 'Calle ' || (g %% 100),
                    NULL, 1 + g %% 6, (5000000 + %s + g)::text, now(), now()
                FROM generate_series(1, %s) AS g
            """, [cust_offset, cust_offset, n_customers])
            cur.execute("SELECT MIN(id) FROM intake_customer WHERE id > %s", [cust_offset])
            first_customer = cur.fetchone()[0]
            self.stdout.write(f"customers: {n_customers:,} in {time.perf_counter() - t0:.1f} s")

            t1 = time.perf_counter()
            # Text columns added since this fill was written get '' (NOT NULL, no default).
            cur.execute("""
                SELECT column_name FROM information_schema.columns
                WHERE table_name = 'intake_case' AND is_nullable = 'NO'
                  AND column_default IS NULL AND data_type IN ('character varying', 'text')
            """)
            listed = {"radicado", "kind", "channel", "status", "account_number", "bill_number",
                      "subject", "description", "first_contact_answer", "notify_by",
                      "notify_email", "notify_address", "data_consent_version",
                      "data_consent_channel", "tracking_code", "external_reference",
                      "annulment_reason"}
            missing = sorted(r[0] for r in cur.fetchall() if r[0] not in listed)
            extra_cols = "".join(f", {c}" for c in missing)
            extra_vals = ", ''" * len(missing)
            final = "ARRAY['cerrado','trasladado','desistido','anulado']"
            cur.execute(f"""
                INSERT INTO intake_case (radicado, kind, channel, status, status_changed_at,
                    filed_at, causal_id, customer_id, account_number, bill_number, subject,
                    description, is_verbal, first_contact_answer, notify_by, notify_email,
                    notify_address, data_consent_version, data_consent_channel, tracking_code,
                    external_reference, annulment_reason, assignee_id, created_at,
                    updated_at{extra_cols})
                SELECT '{BENCH_YEAR}-' || lpad((%s + g - 1)::text,
                                              greatest(6, length((%s + g - 1)::text)), '0'),
                    k.kind, k.channel, k.status, k.filed_at, k.filed_at,
                    ({'ARRAY[' + ','.join(map(str, causal_ids)) + ']'})[1 + g %% {len(causal_ids)}],
                    %s + (g %% %s),
                    (5000000 + %s + 1 + g %% %s)::text, '', '',
                    ({_sql_array(DESCRIPTIONS)})[1 + (g * 5) %% {len(DESCRIPTIONS)}]
                        || '. Caso de carga ' || g, k.channel IN ('presencial','telefonico'),
                    '', 'postal', '', 'Calle ' || (g %% 100), '', '',
                    upper(substr(md5(g::text), 1, 12)), '',
                    CASE WHEN k.status = 'anulado' THEN 'Benchmark' ELSE '' END,
                    CASE WHEN k.status IN ('radicado') OR g %% 5 = 0 THEN NULL
                         ELSE ({'ARRAY[' + ','.join(map(str, gestor_ids)) + ']'})[1 + g %% {len(gestor_ids)}] END,
                    k.filed_at, k.filed_at{extra_vals}
                FROM generate_series(1, %s) AS g,
                LATERAL (SELECT
                    ({_sql_array(CaseKind.values)})[1 + (g * 7) %% {len(CaseKind.values)}] AS kind,
                    ({_sql_array(Channel.values)})[1 + (g * 3) %% {len(Channel.values)}] AS channel,
                    ({_sql_array(STATUS_MIX)})[1 + (g * 11) %% {len(STATUS_MIX)}] AS status,
                    timestamptz '{BENCH_YEAR}-01-01 08:00-05' + (g::float / %s) * interval '364 days'
                        AS filed_at) AS k
            """, [first, first, first_customer, n_customers, cust_offset, n_customers, n_cases, n_cases])
            self.stdout.write(f"cases: {n_cases:,} in {time.perf_counter() - t1:.1f} s")

            t2 = time.perf_counter()
            # Due 15 business days later, roughly 21 calendar days; bands as the sweep would set.
            cur.execute(f"""
                INSERT INTO compliance_term (case_id, purpose, legal_basis, unit, length,
                    started_at, starts_on, due_date, due_at, band, met_at, met_how,
                    cancelled_at, created_at)
                SELECT c.id, 'respuesta', 'Ley 142 de 1994, art. 158', 'business_days', 15,
                    c.filed_at, (c.filed_at AT TIME ZONE 'America/Bogota')::date,
                    (c.filed_at AT TIME ZONE 'America/Bogota')::date + d.days,
                    c.filed_at + d.days * interval '1 day',
                    CASE WHEN c.status = ANY({final}) OR c.status IN ('respondido','notificado')
                              THEN 'cumplido'
                         WHEN (c.filed_at AT TIME ZONE 'America/Bogota')::date + d.days < current_date
                              THEN 'vencido'
                         WHEN (c.filed_at AT TIME ZONE 'America/Bogota')::date + d.days = current_date
                              THEN 'vence_hoy'
                         WHEN (c.filed_at AT TIME ZONE 'America/Bogota')::date + d.days <= current_date + 3
                              THEN 'por_vencer'
                         ELSE 'al_dia' END,
                    CASE WHEN c.status IN ('cerrado','respondido','notificado')
                         THEN c.filed_at + interval '10 days' END,
                    '', CASE WHEN c.status IN ('anulado','trasladado','desistido')
                             THEN c.filed_at + interval '1 day' END,
                    c.filed_at
                FROM intake_case c, LATERAL (SELECT (21 + (c.id %% 7))::int AS days) d
                WHERE c.radicado LIKE '{BENCH_YEAR}-%%' AND c.response_term_id IS NULL
            """, [])
            cur.execute(f"""
                UPDATE intake_case c SET response_term_id = t.id
                FROM compliance_term t
                WHERE t.case_id = c.id AND t.purpose = 'respuesta'
                  AND c.response_term_id IS NULL AND c.radicado LIKE '{BENCH_YEAR}-%%'
            """, [])
            self.stdout.write(f"terms: {n_cases:,} in {time.perf_counter() - t2:.1f} s")
            counter.last_number = first + n_cases - 1
            counter.save(update_fields=["last_number"])
        t3 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("ANALYZE intake_customer; ANALYZE intake_case; ANALYZE compliance_term;")
        self.stdout.write(f"analyze in {time.perf_counter() - t3:.1f} s; "
                          f"total fill {time.perf_counter() - t0:.1f} s")

    # --- measure -----------------------------------------------------------------

    def _scenarios(self, page_size: int):
        sample = Case.objects.order_by("-pk").values("radicado", "account_number",
                                                     "assignee_id").first() or {}
        some_gestor = (Case.objects.filter(assignee__isnull=False)
                       .values_list("assignee_id", flat=True).first())
        base = {"por_pagina": page_size}
        sample_document = (Case.objects.order_by("-pk").values_list("customer__id_number", flat=True)
                           .first() or "")
        return [
            ("sin filtro (más recientes)", base),
            ("estado en trámite", {**base, "status": "en_tramite"}),
            ("término vencido", {**base, "band": "vencido", "status": "en_tramite"}),
            ("tipo + canal", {**base, "kind": "reclamo", "channel": "web"}),
            ("responsable", {**base, "assignee": some_gestor or "ninguno",
                             "status": "en_tramite"}),
            ("sin asignar", {**base, "assignee": "ninguno", "status": "radicado"}),
            ("radicado exacto", {**base, "q": sample.get("radicado", "")}),
            ("cuenta", {**base, "q": sample.get("account_number", "")}),
            ("buscar: número de radicado", {**base, "q": sample.get("radicado", "-").split("-")[-1]}),
            ("buscar: documento", {**base, "q": sample_document}),
            ("buscar: nombre sin tildes (perez)", {**base, "q": "perez"}),
            ("buscar: nombre y apellido (maria perez)", {**base, "q": "maria perez"}),
            ("buscar: nombre raro, sin resultados (xyzw)", {**base, "q": "xyzw"}),
            ("buscar: palabras de la descripción (transformador)", {**base, "q": "transformador"}),
            ("buscar: palabras de la descripción (voltaje nevera)", {**base, "q": "voltaje nevera"}),
            ("rango de fechas", {**base, "filed_from": f"{BENCH_YEAR}-03-01",
                                 "filed_to": f"{BENCH_YEAR}-03-31"}),
            ("orden por vencimiento, abiertos", {**base, "status": "en_tramite",
                                                 "order": "due"}),
            ("página 20", {**base, "status": "en_tramite", "page": 20}),
        ]

    def _time(self, client, url, params, repeat):
        client.get(url, params, secure=True)  # warm caches
        times, queries, sql = [], set(), []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                response = client.get(url, params, secure=True)
                times.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} {params} answered {response.status_code}")
            queries.add(len(ctx))
            sql.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            if self.verbosity > 1:
                for q in ctx.captured_queries:
                    self.stdout.write(f"    {q['time']} {q['sql'][:160]}")
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        self.last_sql_ms = statistics.median(sql)
        return statistics.median(times), p95, queries

    def _measure(self, user, repeat: int, page_size: int):
        total = Case.objects.count()
        self.stdout.write(f"\ncases in the database: {total:,}; {repeat} requests per row; "
                          f"page size {page_size}\n")
        from django.conf import settings

        # No collectstatic here: plain static storage, as in the test settings.
        storages = {**settings.STORAGES, "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False,
                               STORAGES=storages):
            client = Client()
            client.force_login(user)
            url = reverse("intake:case-list")
            self.stdout.write("| case list | p50 ms | p95 ms | SQL ms (p50) | queries |")
            self.stdout.write("| --- | ---: | ---: | ---: | ---: |")
            for label, params in self._scenarios(page_size):
                p50, p95, queries = self._time(client, url, params, repeat)
                self.stdout.write(f"| {label} | {p50:.1f} | {p95:.1f} | {self.last_sql_ms:.1f} | "
                                  f"{'/'.join(map(str, sorted(queries)))} |")
            # Page size does not change the query count.
            counts = {size: self._time(client, url, {"por_pagina": size, "status": "en_tramite"},
                                       3)[2] for size in (25, 200)}
            self.stdout.write(f"\nqueries with 25 vs 200 rows per page: {counts[25]} vs "
                              f"{counts[200]}")
            self._measure_case_page(client, repeat)

    def _measure_case_page(self, client, repeat):
        case = Case.objects.filter(radicado__startswith=f"{BENCH_YEAR}-").order_by("-pk").first()
        if case is None:
            return
        # A busy case: 60 events and 10 attachments, added once.
        with connection.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM caserecord_event WHERE case_id = %s", [case.pk])
            if cur.fetchone()[0] < 60:
                cur.execute("""
                    INSERT INTO caserecord_event (case_id, record_type, kind, actor_id, note, data,
                        public, created_at)
                    SELECT %s, '', 'attachment.added', NULL, 'Nota de seguimiento ' || g,
                        jsonb_build_object('name', 'nota-' || g || '.pdf'), false,
                        now() + g * interval '1 minute'
                    FROM generate_series(1, 60) g
                """, [case.pk])
            cur.execute("SELECT COUNT(*) FROM intake_attachment WHERE case_id = %s", [case.pk])
            if cur.fetchone()[0] < 10:
                # Metadata only: the page lists files, it never opens them.
                cur.execute("""
                    INSERT INTO intake_attachment (case_id, kind, file, original_name,
                        content_type, size, sha256, description, public, uploaded_by_id,
                        uploaded_at)
                    SELECT %s, 'evidencia', 'attachments/bench/doc' || g || '.pdf',
                        'soporte-' || g || '.pdf', 'application/pdf', 1000 * g,
                        md5(g::text) || md5(g::text), 'Soporte ' || g, false, NULL,
                        now() + g * interval '1 minute'
                    FROM generate_series(1, 10) g
                """, [case.pk])
        url = reverse("intake:case-detail", args=[case.pk])
        p50, p95, queries = self._time(client, url, {}, repeat)
        self.stdout.write(f"\n| case page (60 events, 10 files) | p50 ms | p95 ms | SQL ms (p50) | queries |\n"
                          f"| --- | ---: | ---: | ---: | ---: |\n"
                          f"| {case.radicado} | {p50:.1f} | {p95:.1f} | {self.last_sql_ms:.1f} | "
                          f"{'/'.join(map(str, sorted(queries)))} |")
