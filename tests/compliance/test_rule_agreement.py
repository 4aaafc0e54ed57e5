"""
The set-based sweep writes some legal rules again in SQL for speed; these
tests run the SQL path and the Python path (compliance.terms and the
compliance services) on the same terms and compare every date, band and text
(docs/legal-rules.md). Every instant is explicit and the clock is frozen at
it, so they pass at any real date and hour.
"""

from datetime import datetime, timedelta

import pytest
import time_machine

from caserecord.models import Event as CaseEvent
from compliance.clock import legal_calendar, term_band
from compliance.models import ExtraClosure, NonConformity, Term, TermRule
from compliance.services import (
    appearance_term_open,
    citation_term_open,
    recurso_window_term_open,
    response_term_open,
    sap_recognition_term_open,
    sspd_remission_days,
    sspd_remission_term_open,
    term_meet,
    term_open,
    tutela_compliance_term_open,
)
from compliance.sweep import bands_update, terms_sweep
from compliance.terms import (
    BOGOTA,
    NO_FAULT_PURPOSES,
    SAP_RECOGNITION_BASIS,
    SAP_RECOGNITION_HOURS,
    TUTELA_COMPLIANCE_HOURS,
    appearance_due,
    business_days_due,
    citation_due,
    due_date_for,
    end_of_day,
    late_description,
    local_date,
    recurso_window_end,
    sap_recognition_due,
)
from pqr_portal.roles import Role
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db

RUNNING_BANDS = ("al_dia", "por_vencer", "vence_hoy", "vencido")


def at(y, m, d, hh=0, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=BOGOTA)


SECOND = timedelta(seconds=1)
CREATED = at(2026, 11, 30, 8)

# Instants that start terms: around Bogotá midnight, weekends (5-6 Dec, 26-27 Dec),
# the eve of holidays (Tue 8 Dec, Fri 25 Dec, Fri 1 Jan, Mon 11 Jan) and year end.
STARTS = [at(2026, 12, 4, 23, 59, 59), at(2026, 12, 5, 0, 0), at(2026, 12, 7, 12),
          at(2026, 12, 7, 23, 59, 59), at(2026, 12, 24, 23, 59, 59), at(2026, 12, 31, 0, 0, 1)]


def build_terms(case_id: int) -> list[Term]:
    """Terms of every unit and state, opened by the services as in production."""
    terms = []
    for start in STARTS:
        for days in (1, 3, 5):
            terms.append(term_open(case_id=case_id, purpose=Term.Purpose.CITACION,
                                   started_at=start, business_days=days))
    for kind in ("reclamo", "peticion_documentos", "consulta"):
        for filed in (at(2026, 12, 1, 10), at(2026, 12, 4, 23, 59, 59), at(2026, 12, 7, 23, 59, 59)):
            terms.append(response_term_open(case_id=case_id, kind=kind, filed_at=filed))
    for start in (at(2026, 12, 5, 0, 0), at(2026, 12, 7, 23, 59, 59), at(2026, 12, 24, 12),
                  at(2026, 12, 30, 0, 0)):
        for hours in (TUTELA_COMPLIANCE_HOURS, SAP_RECOGNITION_HOURS):
            terms.append(term_open(case_id=case_id, purpose=Term.Purpose.CUMPLIMIENTO_FALLO,
                                   started_at=start, hours=hours))
    for due_at in (at(2026, 12, 9, 0, 0), at(2026, 12, 12, 0, 0), at(2026, 12, 18, 17),
                   at(2026, 12, 26, 0, 0, 1), at(2027, 1, 2, 0, 0)):
        terms.append(term_open(case_id=case_id, purpose=Term.Purpose.TUTELA,
                               started_at=CREATED, due_at=due_at))
        terms.append(response_term_open(case_id=case_id, kind="tutela", filed_at=CREATED,
                                        hand_deadline_at=due_at))
    # Stopped clocks: a suspended, a cancelled and a met copy of a few of them.
    for i, term in enumerate(terms[:12]):
        copy = term_open(case_id=case_id, purpose=term.purpose, started_at=term.started_at,
                         due_at=term.due_at)
        if i % 3 == 0:
            Term.objects.filter(pk=copy.pk).update(suspended_since=local_date(CREATED))
        elif i % 3 == 1:
            Term.objects.filter(pk=copy.pk).update(cancelled_at=CREATED)
        else:
            term_meet(term=copy, met_at=term.due_at - timedelta(hours=1), how="test")
        terms.append(copy)
    return terms


def instants(terms: list[Term]) -> list[datetime]:
    """Every day from 3 Dec to 13 Jan at and around midnight and at noon, and each due instant ± 1 s."""
    day, out = at(2026, 12, 3), set()
    while day < at(2027, 1, 14):
        out.update({day, day + SECOND, day + timedelta(hours=12), day + timedelta(days=1) - SECOND})
        day += timedelta(days=1)
    for term in terms:
        out.update({term.due_at - SECOND, term.due_at, term.due_at + SECOND})
    return sorted(out)


@pytest.mark.parametrize("warning_days, closure", [(3, False), (5, False), (3, True)])
def test_sweep_bands_agree_with_the_band_rule(settings, warning_days, closure):
    settings.PQR_TERMS_BAND_WARNING_DAYS = warning_days
    with time_machine.travel(CREATED, tick=False):
        if closure:  # an adopted company closure counts like a holiday in both paths
            ExtraClosure.objects.create(date=at(2026, 12, 21).date(), name="Inventario",
                                        formally_adopted=True)
        case = make_case(filed_at=CREATED)
        ids = [t.pk for t in build_terms(case.pk)]
    assert legal_calendar().is_business_day(at(2026, 12, 21).date()) is not closure
    terms = list(Term.objects.filter(pk__in=ids).order_by("pk"))
    # The SQL leans on this invariant (compliance.sweep.band_statements).
    assert all(t.due_date == due_date_for(t.due_at) for t in terms)
    stopped = [t for t in terms if not t.is_open or t.suspended_since]
    assert {bool(t.met_at) for t in stopped} == {True, False}
    seen = set()
    for n, now in enumerate(instants(terms)):
        with time_machine.travel(now, tick=False):
            # Start every open term in some band (rotating), so each UPDATE is exercised
            # from every band a row may leave.
            for i, band in enumerate(RUNNING_BANDS):
                Term.objects.filter(pk__in=ids[(i + n) % 4::4], met_at__isnull=True).update(band=band)
            before = {t.pk: t for t in Term.objects.filter(pk__in=ids)}
            bands_update(now=now)
            after = dict(Term.objects.filter(pk__in=ids).values_list("pk", "band"))
        for pk, term in before.items():
            expected = term_band(term, now)
            assert after[pk] == expected, (now, term.unit, term.due_date, term.due_at, term.band)
            seen.add(expected)
    assert seen == {"al_dia", "por_vencer", "vence_hoy", "vencido", "cumplido"}


# --- expiry: the late non-conformity and the SAP recognition term -------------------

FILINGS = {
    "weekday": ("reclamo", at(2026, 12, 1, 10), None),
    "friday_last_second": ("reclamo", at(2026, 12, 4, 23, 59, 59), None),
    "saturday_midnight": ("queja", at(2026, 12, 5, 0, 0), None),
    "holiday_eve": ("peticion", at(2026, 12, 7, 23, 59, 59), None),
    "christmas_eve": ("reclamo", at(2026, 12, 24, 18), None),
    "no_sap_kind": ("peticion_documentos", at(2026, 12, 4, 12), None),
    "typed_deadline_afternoon": ("solicitud_sspd", CREATED, at(2026, 12, 10, 17)),
    "typed_deadline_midnight": ("solicitud_sspd", CREATED, at(2026, 12, 12, 0, 0)),
    "tutela_no_sap": ("tutela", CREATED, at(2026, 12, 11, 0, 0)),
}
# When the answer comes (staff path) and the sweep runs (SQL path), after the due instant.
DELAYS = {"one_second_early": -SECOND, "at_the_instant": timedelta(0), "one_second_late": SECOND,
          "recognition_last_second": timedelta(hours=72) - SECOND,
          "recognition_over": timedelta(hours=72)}


def twins(kind, filed_at, deadline):
    with time_machine.travel(filed_at if deadline is None else CREATED, tick=False):
        return [make_case(kind=kind, filed_at=filed_at, hand_deadline_at=deadline) for _ in "ab"]


def nc_facts(case):
    return list(NonConformity.objects.filter(case=case).values_list(
        "kind", "description", "status", "detected_at", "term_id"))


def term_facts(term):
    return (term.purpose, term.legal_basis, term.unit, term.length, term.started_at,
            term.starts_on, term.due_at, term.due_date, term.band)


@pytest.mark.parametrize("delay", DELAYS.values(), ids=DELAYS.keys())
@pytest.mark.parametrize("filing", FILINGS.values(), ids=FILINGS.keys())
def test_expiry_by_sweep_and_late_answer_by_staff_agree(filing, delay):
    from responses import services as responses_services

    kind, filed_at, deadline = filing
    if kind == "solicitud_sspd":  # a typed deadline under SAP: the rule counts from any instant
        TermRule.objects.filter(kind=kind).update(sap_applies=True)
    sap = TermRule.objects.get(kind=kind).sap_applies
    swept, staffed = twins(kind, filed_at, deadline)
    due_at = swept.response_term.due_at
    assert staffed.response_term.due_at == due_at
    now = due_at + delay
    late = delay >= timedelta(0)
    coordinador = make_user(Role.COORDINADOR, username="coord")
    with time_machine.travel(now, tick=False):
        # Staff path: the answer is dispatched at `now` (a late one records the NC) and,
        # under SAP, the coordinator opens the recognition at the same instant.
        assert term_meet(term=staffed.response_term, met_at=now, how="Despachada")
        staff_band = None
        if late and sap:
            rec = responses_services.sap_open(case=staffed, actor=coordinador, at=now)
            staff_band = rec.term.band
        # SQL path: the sweep finds the twin's term unmet at `now`.
        result = terms_sweep(now=now)
    # The staff's recognition term, opened at `now`, is itself a company term: when the
    # 72 hours are already over it runs out in this same sweep (every purpose expires).
    staff_recognition_over = late and sap and delay >= timedelta(hours=SAP_RECOGNITION_HOURS)
    assert result["expired"] == (1 if late else 0) + (1 if staff_recognition_over else 0)
    swept_nc = nc_facts(swept)
    staff_nc = [f for f in nc_facts(staffed) if f[4] == staffed.response_term_id]
    assert len(swept_nc) == len(staff_nc) == (1 if late else 0)
    if late:
        expected = (NonConformity.Kind.DESVIACION_TIEMPO,
                    late_description(swept.response_term.due_date),
                    NonConformity.Status.ABIERTA, now)
        assert swept_nc[0][:4] == staff_nc[0][:4] == expected
        assert (swept_nc[0][4], staff_nc[0][4]) == (swept.response_term_id,
                                                    staffed.response_term_id)
    swept_sap = Term.objects.filter(case=swept, purpose=Term.Purpose.SAP_RECONOCIMIENTO)
    staff_sap = Term.objects.filter(case=staffed, purpose=Term.Purpose.SAP_RECONOCIMIENTO)
    assert swept_sap.count() == staff_sap.count() == (1 if late and sap else 0)
    if late and sap:
        by_sql, by_staff = swept_sap.get(), staff_sap.get()
        staff_facts = (*term_facts(by_staff)[:-1], staff_band)
        assert term_facts(by_sql) == staff_facts
        sap_due_at, sap_due_date = sap_recognition_due(due_at)
        assert term_facts(by_sql) == (
            Term.Purpose.SAP_RECONOCIMIENTO, SAP_RECOGNITION_BASIS, Term.Unit.CALENDAR_HOURS,
            SAP_RECOGNITION_HOURS, due_at, due_date_for(due_at), sap_due_at, sap_due_date,
            term_band(by_sql, now))
        assert (by_sql.band == "vencido") == (delay >= timedelta(hours=SAP_RECOGNITION_HOURS))
        # The staff opening the recognition of the swept case takes the sweep's term.
        with time_machine.travel(now + timedelta(hours=1), tick=False):
            rec = responses_services.sap_open(case=swept, actor=coordinador)
        assert rec.term_id == by_sql.pk


# --- the other legal terms: opened by compliance services, counted by the pure rules ----

@pytest.mark.parametrize("start", STARTS + [at(2027, 1, 8, 23, 59, 59)],
                         ids=lambda s: s.strftime("%a-%d-%b-%H%M%S"))
def test_terms_other_apps_open_follow_the_pure_rules(start):
    with time_machine.travel(CREATED, tick=False):
        case = make_case(filed_at=CREATED)
    with time_machine.travel(start, tick=False):
        day, calendar = local_date(start), legal_calendar()
        citation = citation_term_open(case_id=case.pk, issued_at=start)
        appearance = appearance_term_open(case_id=case.pk, citation_sent_at=start)
        window = recurso_window_term_open(case_id=case.pk, notified_at=start)
        remission = sspd_remission_term_open(case_id=case.pk, at=start)
        ruling = tutela_compliance_term_open(case_id=case.pk, notified_at=start)
    assert citation.due_date == citation_due(day, calendar)
    assert appearance.due_date == appearance_due(day, calendar)
    assert window.due_date == recurso_window_end(day, calendar)
    assert (remission.due_at, remission.due_date) == business_days_due(
        day, sspd_remission_days(), calendar)
    for term in (citation, appearance, window, remission):
        assert term.unit == Term.Unit.BUSINESS_DAYS and term.due_at == end_of_day(term.due_date)
    assert ruling.unit == Term.Unit.CALENDAR_HOURS and ruling.length == TUTELA_COMPLIANCE_HOURS
    assert ruling.due_at == start + timedelta(hours=TUTELA_COMPLIANCE_HOURS)
    assert ruling.due_date == due_date_for(ruling.due_at)


def test_recognition_without_a_response_term_counts_from_the_opening():
    with time_machine.travel(CREATED, tick=False):
        case = make_case(filed_at=CREATED)
        term = sap_recognition_term_open(case_id=case.pk, response_term=None, at=CREATED)
    assert (term.started_at, term.due_at) == (CREATED, CREATED + timedelta(hours=72))
    assert term.due_date == at(2026, 12, 3).date()


# --- every company term: the sweep's non-conformity equals the staff path's -------------

COMPANY_PURPOSES = [p for p in Term.Purpose.values if p not in NO_FAULT_PURPOSES]


@pytest.mark.parametrize("purpose", COMPANY_PURPOSES)
@pytest.mark.parametrize("start", [at(2026, 12, 4, 23, 59, 59), at(2027, 3, 24, 10)],
                         ids=["before-8-dec-weekend", "before-holy-week"])
def test_every_company_term_expires_once_with_the_same_nonconformity(purpose, start):
    """
    One term of each company purpose met 1 s late by staff (term_meet writes the
    non-conformity in Python) and its twin left to the sweep at the same instant
    (SQL): same kind, text, status and instant; a second sweep adds nothing.
    Business days around 8 Dec 2026 and Holy Week 2027 (25-26 Mar).
    """
    with time_machine.travel(CREATED, tick=False):
        swept_case, staffed_case = make_case(filed_at=CREATED), make_case(filed_at=CREATED)
    # Only the twin terms run: the cases' own response terms were answered.
    Term.objects.filter(case__in=[swept_case, staffed_case]).update(met_at=CREATED,
                                                                    band="cumplido")
    with time_machine.travel(start, tick=False):
        swept = term_open(case_id=swept_case.pk, purpose=purpose, started_at=start,
                          business_days=5)
        staffed = term_open(case_id=staffed_case.pk, purpose=purpose, started_at=start,
                            business_days=5)
    assert swept.due_date == business_days_due(local_date(start), 5, legal_calendar())[1]
    now = swept.due_at + SECOND
    with time_machine.travel(now, tick=False):
        assert term_meet(term=staffed, met_at=now, how="Tarde")
        first = terms_sweep(now=now)
        again = terms_sweep(now=now + SECOND)
    assert first["expired"] == 1 and again["expired"] == 0
    by_sql = NonConformity.objects.get(term=swept)
    by_staff = NonConformity.objects.get(term=staffed)
    expected = late_description(swept.due_date, purpose, Term.Purpose(purpose).label)
    assert (by_sql.kind, by_sql.description, by_sql.status, by_sql.detected_at) == \
        (by_staff.kind, by_staff.description, by_staff.status, by_staff.detected_at) == \
        (NonConformity.Kind.DESVIACION_TIEMPO, expected, NonConformity.Status.ABIERTA, now)
    assert swept.due_date.strftime("%d/%m/%Y") in expected
    if purpose != "respuesta":
        assert str(Term.Purpose(purpose).label) in expected
        assert CaseEvent.objects.filter(case=swept_case, kind="term.lapsed").count() == 1


@pytest.mark.parametrize("purpose", NO_FAULT_PURPOSES)
def test_the_citizens_windows_make_no_nonconformity(purpose):
    start = at(2026, 12, 4, 10)
    with time_machine.travel(CREATED, tick=False):
        case = make_case(filed_at=CREATED)
    Term.objects.filter(case=case).update(met_at=CREATED, band="cumplido")
    with time_machine.travel(start, tick=False):
        term = term_open(case_id=case.pk, purpose=purpose, started_at=start, business_days=5)
    now = term.due_at + SECOND
    with time_machine.travel(now, tick=False):
        terms_sweep(now=now)
        assert term_meet(term=Term.objects.get(pk=term.pk), met_at=now, how="Tarde")
    assert not NonConformity.objects.filter(term=term).exists()
