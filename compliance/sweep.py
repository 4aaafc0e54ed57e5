"""
The terms sweep: suspensions that reached their limit, bands, alerts, the
daily digests and the expiry of every company term, with a few set-based
statements.

Idempotent: every statement only matches rows not yet in their final state
(band UPDATEs filter on the bands a row may leave; alerts and
non-conformities have unique constraints; expiries are marked with
Term.expired_at; digests carry a per-person-per-day dedupe key), so a second
run right after the first changes nothing and sends nothing.

Suspended terms (Term.suspended_since set) are left out of the band
progression: their clock is stopped, so they cannot run out while the
suspension is open. term_resume recomputes their due date and band from the
full history.

The legal rules written here in SQL (the band of a running term, the late
non-conformity, the 72-hour SAP recognition term) are each one function of
compliance.terms; tests/compliance/test_rule_agreement.py runs both paths on
the same terms and compares every date, band and text (docs/legal-rules.md).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from caserecord.models import Event, OutgoingEmail
from caserecord.outbox import email_enqueue
from compliance.clock import warning_limit
from compliance.models import Alert, NonConformity, Term, TermAdjustment, TermRule
from compliance.services.adjustments import suspensions_expire
from compliance.services.alerts import coordinator_ids
from compliance.terms import (
    BOGOTA,
    CITIZEN_PURPOSES,
    NO_FAULT_PURPOSES,
    SAP_RECOGNITION_BASIS,
    SAP_RECOGNITION_HOURS,
    late_description_parts,
)

B = Term.Band
ALERT_BANDS = (B.POR_VENCER, B.VENCE_HOY)


def running_terms():
    """Open terms whose clock runs (not met, not cancelled, not suspended)."""
    return Term.objects.filter(met_at__isnull=True, cancelled_at__isnull=True,
                               suspended_since__isnull=True)


def band_statements(*, now: datetime):
    """
    Return (band, queryset) pairs: each queryset is the rows that must move to band.

    The four branches of compliance.terms.running_band, in the same order.
    "due_date <= today" in the first one is implied by "due_at <= now" (a due
    date is the day of the second before the due instant: terms.due_date_for)
    and is there for the (band, due_date) index; so is "due_date = today" in
    the second, where running_band says "due_date <= today" (the days before
    today would need a due instant later than the due date's end, which
    due_date_for excludes).
    """
    today = timezone.localtime(now, BOGOTA).date()
    limit = warning_limit(today)
    running = running_terms()

    def others(band):
        # Written as "band IN (the other bands)" so the (band, due_date) index serves it.
        return [b for b in (B.AL_DIA, B.POR_VENCER, B.VENCE_HOY, B.VENCIDO) if b != band]

    return [
        (B.VENCIDO, running.filter(band__in=others(B.VENCIDO), due_date__lte=today,
                                   due_at__lte=now)),
        (B.VENCE_HOY, running.filter(band__in=others(B.VENCE_HOY), due_date=today,
                                     due_at__gt=now)),
        (B.POR_VENCER, running.filter(band__in=others(B.POR_VENCER), due_date__gt=today,
                                      due_date__lte=limit)),
        (B.AL_DIA, running.filter(band__in=others(B.AL_DIA), due_date__gt=limit)),
    ]


def bands_update(*, now: datetime) -> dict[str, int]:
    """Set the band of every running term for the instant `now`; return rows changed per band."""
    with transaction.atomic():
        return {str(band): qs.update(band=band) for band, qs in band_statements(now=now)}


def alerts_create(*, now: datetime) -> int:
    """
    Alert about each company term in por_vencer or vence_hoy, whatever its
    purpose (response, SAP recognition, tutela ruling, citation, aviso, SSPD
    remission...; not the citizen's own terms, terms.CITIZEN_PURPOSES): its
    case's owner, or every coordinator when the case has none. Then remind the
    owner of each suspension about to reach its limit. One INSERT ... SELECT
    each; the alert_once constraint skips repeats.
    """
    total = 0
    for sql, params in (alerts_sql(now=now), suspension_reminders_sql(now=now)):
        if sql:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                total += max(cursor.rowcount, 0)
    return total


def _recipients_sql(coordinators: list[int]) -> tuple[str, list]:
    """
    The SELECTs that give each row of x (id, case_id, band, assignee_id) its
    recipients: the assignee, or each coordinator when there is none.
    """
    sql = "SELECT x.assignee_id, x.case_id, x.id, x.band, %s, %s FROM x WHERE x.assignee_id IS NOT NULL"
    if not coordinators:
        return sql, []
    values = " UNION ALL ".join(["SELECT %s AS uid"] * len(coordinators))
    return (sql + f" UNION ALL SELECT u.uid, x.case_id, x.id, x.band, %s, %s FROM x "
            f"CROSS JOIN ({values}) u WHERE x.assignee_id IS NULL"), coordinators


def _insert_alerts(select_x: str, x_params: list, reason: str, now: datetime) -> tuple[str, list]:
    alert = Alert._meta.db_table
    # PostgreSQL would otherwise inline the subquery and look each case up twice.
    materialized = "MATERIALIZED" if connection.vendor == "postgresql" else ""
    coordinators = coordinator_ids()
    recipients, ids = _recipients_sql(coordinators)
    when = connection.ops.adapt_datetimefield_value(now)
    params = [*x_params, reason, when] + ([reason, when, *ids] if ids else [])
    sql = f"""
        WITH x AS {materialized} ({select_x})
        INSERT INTO {alert} (recipient_id, case_id, term_id, band, reason, created_at)
        {recipients}
        ON CONFLICT (term_id, band, recipient_id, reason) DO NOTHING
    """
    return sql, params


def _assignee_of(term_alias: str = "t") -> str:
    case_table = Term._meta.get_field("case").related_model._meta.db_table
    return f"(SELECT c.assignee_id FROM {case_table} c WHERE c.id = {term_alias}.case_id)"


def alerts_sql(*, now: datetime) -> tuple[str, list]:
    """
    The INSERT ... SELECT of band alerts. The assignee is read with a
    correlated lookup by primary key, so each run touches only the terms at
    risk and their cases, never the whole case table.
    """
    term = Term._meta.db_table
    citizen = ", ".join(["%s"] * len(CITIZEN_PURPOSES))
    select_x = f"""
        SELECT t.id, t.case_id, t.band, {_assignee_of()} AS assignee_id
        FROM {term} t
        WHERE t.band IN (%s, %s) AND t.purpose NOT IN ({citizen}) AND t.met_at IS NULL
          AND t.cancelled_at IS NULL AND t.suspended_since IS NULL
    """
    return _insert_alerts(select_x, [*ALERT_BANDS, *CITIZEN_PURPOSES], Alert.Reason.BAND, now)


def suspension_reminders_sql(*, now: datetime) -> tuple[str, list]:
    """
    The INSERT ... SELECT of reminders: each open suspension from its
    remind_on day (PQR_SUSPENSION_REMINDER_DAYS business days before it
    reaches its limit; compliance.terms.suspension_limits).
    """
    term, adj = Term._meta.db_table, TermAdjustment._meta.db_table
    today = timezone.localtime(now, BOGOTA).date()
    select_x = f"""
        SELECT t.id, t.case_id, t.band, {_assignee_of()} AS assignee_id
        FROM {adj} a JOIN {term} t ON t.id = a.term_id
        WHERE a.ends_on IS NULL AND a.remind_on <= %s AND a.cause <> %s
          AND t.suspended_since IS NOT NULL AND t.met_at IS NULL AND t.cancelled_at IS NULL
    """
    return _insert_alerts(select_x, [connection.ops.adapt_datefield_value(today),
                                     TermAdjustment.Cause.PRORROGA],
                          Alert.Reason.SUSPENSION_ENDING, now)


def _digest_send(*, user, key: str, terms: list, total: int, today: date,
                 template: str) -> bool:
    body = render_to_string(template, {"user": user, "terms": terms, "total": total,
                                       "today": today, "site_url": settings.SITE_URL})
    created = email_enqueue(
        to=user.email, body=body, purpose="terms_digest",
        subject=_("Términos por vencer: %(n)s casos (%(day)s)")
        % {"n": total, "day": today.strftime("%d/%m/%Y")},
        dedupe_key=key,
    )
    return created is not None


def digests_send(*, now: datetime) -> int:
    """
    Send each person with new alerts one e-mail for the day, listing their
    cases at risk; send each coordinator one e-mail a day with every term at
    risk of the office (coordinator_digest_terms), which replaces their own.
    The outbox dedupe key makes each one per person per day; alerts that
    arrive after today's digest go in tomorrow's.
    """
    from django.contrib.auth import get_user_model

    today = timezone.localtime(now, BOGOTA).date()
    coordinators = set(coordinator_ids())
    pending = Alert.objects.filter(emailed_on__isnull=True)
    recipient_ids = set(pending.values_list("recipient_id", flat=True).distinct()) | coordinators
    if not recipient_ids:
        return 0
    keys = {uid: digest_key(uid, today) for uid in recipient_ids}
    already = set(OutgoingEmail.objects.filter(dedupe_key__in=keys.values())
                  .values_list("dedupe_key", flat=True))
    sent, done = 0, []
    users = get_user_model().objects.filter(pk__in=[u for u, k in keys.items() if k not in already])
    office = None
    for user in users.exclude(email="").only("pk", "email", "first_name", "last_name", "username"):
        # One iteration per person with an address, never per case.
        try:
            with transaction.atomic():
                if user.pk in coordinators:
                    if office is None:
                        office = coordinator_digest_terms()
                    terms, total, template = (*office, "compliance/email/digest_coordinator.txt")
                else:
                    terms = list(digest_terms(user_id=user.pk))
                    total, template = len(terms), "compliance/email/digest.txt"
                if terms:
                    sent += _digest_send(user=user, key=keys[user.pk], terms=terms, total=total,
                                         today=today, template=template)
        except IntegrityError:
            pass  # a concurrent sweep sent today's digest first (unique dedupe_key)
        done.append(user.pk)
    # People without an address get the in-app alerts only; nothing to mail.
    no_address = list(users.filter(email="").values_list("pk", flat=True))
    for chunk in chunks(done + no_address):
        pending.filter(recipient_id__in=chunk).update(emailed_on=today)
    return sent


def digest_key(user_id: int, day: date) -> str:
    return f"terms-digest:{user_id}:{day.isoformat()}"


AT_RISK = (B.POR_VENCER, B.VENCE_HOY, B.VENCIDO)
COORDINATOR_DIGEST_ROWS = 200


def _open_company_terms():
    return (Term.objects.filter(met_at__isnull=True, cancelled_at__isnull=True, band__in=AT_RISK)
            .exclude(purpose__in=CITIZEN_PURPOSES))


def digest_terms(*, user_id: int):
    """The open company terms of a person's cases that are at risk, soonest first."""
    return (_open_company_terms().filter(case__assignee_id=user_id)
            .select_related("case").order_by("due_at", "pk"))


def coordinator_digest_terms() -> tuple[list, int]:
    """
    Every open company term at risk in the office, assigned or not, soonest
    first: the first COORDINATOR_DIGEST_ROWS rows and how many there are.
    """
    qs = _open_company_terms()
    rows = list(qs.select_related("case", "case__assignee")
                .order_by("due_at", "pk")[:COORDINATOR_DIGEST_ROWS])
    total = len(rows) if len(rows) < COORDINATOR_DIGEST_ROWS else qs.count()
    return rows, total


def _sql_parts() -> dict[str, str]:
    """
    The few expressions PostgreSQL and SQLite write differently. "fmt" is
    terms.LATE_DATE_FORMAT, "sap_due_at" terms.sap_recognition_due, and the
    "day_of" expressions terms.due_date_for.
    """
    hours = int(SAP_RECOGNITION_HOURS)
    if connection.vendor == "postgresql":
        def day_of(instant):
            return f"(({instant} - interval '1 second') AT TIME ZONE 'America/Bogota')::date"

        return {
            "fmt": "to_char(t.due_date, 'DD/MM/YYYY')",
            "sap_due_at": f"t.due_at + interval '{hours} hours'",
            "sap_due_day": day_of(f"t.due_at + interval '{hours} hours'"),
            "start_day": day_of("t.due_at"),
            "json": "jsonb_build_object('term_id', t.id, 'due_date', t.due_date)",
            "json_purpose": "jsonb_build_object('term_id', t.id, 'due_date', t.due_date, "
                            "'purpose', t.purpose)",
            "true": "TRUE", "false": "FALSE",
        }
    # SQLite stores instants as UTC text; Bogotá is UTC-5 all year (no daylight saving).
    return {
        "fmt": "strftime('%%d/%%m/%%Y', t.due_date)",
        "sap_due_at": f"datetime(t.due_at, '+{hours} hours')",
        "sap_due_day": f"date(datetime(t.due_at, '+{hours} hours', '-5 hours', '-1 seconds'))",
        "start_day": "date(datetime(t.due_at, '-5 hours', '-1 seconds'))",
        "json": "json_object('term_id', t.id, 'due_date', t.due_date)",
        "json_purpose": "json_object('term_id', t.id, 'due_date', t.due_date, "
                        "'purpose', t.purpose)",
        "true": "1", "false": "0",
    }


def _description_sql() -> tuple[str, list]:
    """
    The non-conformity's description in SQL: terms.late_description's text
    before the date, the date, and the text after, chosen by the term's purpose.
    """
    before, after, params_b, params_a = [], [], [], []
    for purpose, label in Term.Purpose.choices:
        prefix, suffix = late_description_parts(purpose, str(label))
        before.append("WHEN %s THEN %s")
        params_b += [purpose, prefix]
        after.append("WHEN %s THEN %s")
        params_a += [purpose, suffix]
    sql = (f"(CASE t.purpose {' '.join(before)} END) || {_sql_parts()['fmt']} || "
           f"(CASE t.purpose {' '.join(after)} END)")
    return sql, params_b + params_a


def expiries_handle(*, now: datetime) -> dict[str, int]:
    """
    Handle each company term that has become vencido without being met, in
    set-based statements: mark it (Term.expired_at, and for a response term
    sap_risk_at for the kinds under Ley 142 art. 158), flag the case SAP risk,
    write its event, open the 72-hour recognition term (SAP kinds) and record
    the non-conformity (every purpose but the citizen's terms and the
    appearance window: terms.NO_FAULT_PURPOSES). The mark makes each of these
    happen once; the NOT EXISTS / ON CONFLICT guards keep a same-instant rerun
    harmless.

    The non-conformity is the row compliance.services.nonconformity_late_record
    writes (text: terms.late_description) and the recognition term the one
    compliance.services.sap_recognition_term_open opens (terms.sap_recognition_due).
    """
    term_t = Term._meta.db_table
    case_t = Term._meta.get_field("case").related_model._meta.db_table  # read only
    nc_t, event_t = NonConformity._meta.db_table, Event._meta.db_table
    sap_kinds = list(TermRule.objects.filter(sap_applies=True).values_list("kind", flat=True)) \
        or ["-"]
    kinds_in = ", ".join(["%s"] * len(sap_kinds))
    no_fault = ", ".join(["%s"] * len(NO_FAULT_PURPOSES))
    sql = _sql_parts()
    expired_now = "t.expired_at = %s"
    response_now = "t.purpose = 'respuesta' AND t.expired_at = %s"
    now = connection.ops.adapt_datetimefield_value(now)  # raw SQL: stored like the ORM does
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"""
            UPDATE {term_t} SET expired_at = %s,
                sap_risk_at = CASE WHEN purpose = 'respuesta' AND EXISTS (
                                       SELECT 1 FROM {case_t} c WHERE c.id = case_id
                                       AND c.kind IN ({kinds_in}))
                                   THEN %s ELSE NULL END
            WHERE band = 'vencido' AND expired_at IS NULL AND purpose NOT IN ({no_fault})
              AND met_at IS NULL AND cancelled_at IS NULL AND suspended_since IS NULL
        """, [now, *sap_kinds, now, *NO_FAULT_PURPOSES])
        expired = max(cursor.rowcount, 0)
        if not expired:
            return {"expired": 0, "sap_risk": 0}
        # SAP risk is the term's sap_risk_at, set above: stored once, where it is decided.
        cursor.execute(f"SELECT COUNT(*) FROM {term_t} t WHERE {response_now} "
                       "AND t.sap_risk_at IS NOT NULL", [now])
        sap_cases = cursor.fetchone()[0]
        description, description_params = _description_sql()
        cursor.execute(f"""
            INSERT INTO {nc_t} (kind, case_id, term_id, description, status, detected_at)
            SELECT %s, t.case_id, t.id, {description}, %s, %s
            FROM {term_t} t WHERE {expired_now}
            ON CONFLICT DO NOTHING
        """, [NonConformity.Kind.DESVIACION_TIEMPO, *description_params,
              NonConformity.Status.ABIERTA, now, now])
        cursor.execute(f"""
            INSERT INTO {term_t} (case_id, purpose, legal_basis, unit, length, started_at,
                                  starts_on, due_date, due_at, band, met_how, created_at)
            SELECT t.case_id, %s, %s, %s, %s, t.due_at, {sql["start_day"]}, {sql["sap_due_day"]},
                   {sql["sap_due_at"]}, %s, '', %s
            FROM {term_t} t WHERE {response_now} AND t.sap_risk_at IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM {term_t} r WHERE r.case_id = t.case_id
                              AND r.purpose = %s)
        """, [Term.Purpose.SAP_RECONOCIMIENTO, SAP_RECOGNITION_BASIS, Term.Unit.CALENDAR_HOURS,
              SAP_RECOGNITION_HOURS, B.AL_DIA, now, now, Term.Purpose.SAP_RECONOCIMIENTO])
        # The events' sentences come from the kinds registry (compliance.events) at display time.
        for kind, where in (("case.sap_risk", f"{response_now} AND t.sap_risk_at IS NOT NULL"),
                            ("term.expired", f"{response_now} AND t.sap_risk_at IS NULL")):
            cursor.execute(f"""
                INSERT INTO {event_t} (case_id, record_type, kind, note, data, public, created_at)
                SELECT t.case_id, '', %s, '', {sql["json"]}, {sql["false"]}, %s
                FROM {term_t} t WHERE {where}
                  AND NOT EXISTS (SELECT 1 FROM {event_t} e WHERE e.case_id = t.case_id
                                  AND e.kind = %s AND e.created_at = %s)
            """, [kind, now, now, kind, now])
        # Other company terms: one event per term (a case may have several at once).
        cursor.execute(f"""
            INSERT INTO {event_t} (case_id, record_type, kind, note, data, public, created_at)
            SELECT t.case_id, '', %s, '', {sql["json_purpose"]}, {sql["false"]}, %s
            FROM {term_t} t WHERE {expired_now} AND t.purpose <> 'respuesta'
        """, ["term.lapsed", now, now])
    return {"expired": expired, "sap_risk": sap_cases}


def chunks(ids: list, size: int = 5000):
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


def terms_sweep(*, now: datetime, timings: dict | None = None) -> dict:
    """
    Run the whole sweep at `now`: bands, expiries, alerts, digests.
    `timings`, when given, receives the seconds each phase took (benchmarks).
    """
    clock = Stopwatch(timings)
    with clock("suspensions"):
        # A suspension that reached its limit ends: its term runs again (and may expire now).
        suspensions = suspensions_expire(now=now)
    with clock("bands"):
        bands = bands_update(now=now)
    with clock("expiries"):
        expiries = expiries_handle(now=now)
        if expiries["expired"]:
            # The recognition terms just opened get their band in this same run.
            for band, count in bands_update(now=now).items():
                bands[band] += count
    with clock("alerts"):
        alerts = alerts_create(now=now)
    with clock("digests"):
        digests = digests_send(now=now)
    return {"bands": bands, "alerts": alerts, "digests": digests,
            "suspensions_ended": suspensions, **expiries}


class Stopwatch:
    def __init__(self, sink: dict | None):
        self.sink = sink

    @contextmanager
    def __call__(self, name: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            if self.sink is not None:
                self.sink[name] = round(time.perf_counter() - start, 3)
