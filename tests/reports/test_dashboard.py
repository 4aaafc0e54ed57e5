"""The coordinator's dashboard: numbers from a known set of cases, and links that agree."""

from datetime import date, datetime, timedelta
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from compliance.models import Term
from intake.choices import CaseKind, Channel
from intake.models import Case, Municipality
from intake.services import case_assign
from pqr_portal.roles import Role
from reports.attention import attention_refresh
from reports.dashboard import attention, inflow
from reports.models import CaseDayCount, CaseMonthCount
from reports.periods import Period
from reports.rollup import case_counts, rollup_month
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


def _band(case, band, **extra):
    Term.objects.filter(pk=case.response_term_id).update(band=band, **extra)


@pytest.fixture
def office():
    """Six open cases: two vencidos, one vence hoy, one por vencer, two al día."""
    coord = make_user(Role.COORDINADOR, username="coord-d")
    gestor = make_user(Role.BACK_OFFICE, username="gestor-d", first_name="Ana", last_name="Ruiz")
    soledad = Municipality.objects.get(dane_code="08758")
    cases = {
        "late1": make_case(kind=CaseKind.RECLAMO),
        "late2": make_case(kind=CaseKind.QUEJA, municipality=soledad),
        "today": make_case(kind=CaseKind.RECLAMO, channel=Channel.PRESENCIAL),
        "soon": make_case(kind=CaseKind.PETICION, causal_code="101"),
        "ok1": make_case(kind=CaseKind.RECLAMO),
        "ok2": make_case(kind=CaseKind.RECLAMO, causal_code=None),
    }
    _band(cases["late1"], Term.Band.VENCIDO, sap_risk_at=timezone.now())
    _band(cases["late2"], Term.Band.VENCIDO)
    _band(cases["today"], Term.Band.VENCE_HOY)
    _band(cases["soon"], Term.Band.POR_VENCER, suspended_since=timezone.localdate()
          - timedelta(days=15))
    for key in ("late1", "today", "ok1"):
        case_assign(case=cases[key], assignee=gestor, actor=coord)
    return {"coord": coord, "gestor": gestor, "cases": cases, "soledad": soledad}


def test_attention_counts_every_band_sap_suspension_and_workload(office, settings):
    settings.REPORTS_SUSPENSION_WARN_DAYS = 10
    now = attention()
    assert {b["code"]: b["n"] for b in now["bands"]} == {
        "vencido": 2, "vence_hoy": 1, "por_vencer": 1, "al_dia": 2}
    assert now["sap_risk"]["n"] == 1
    assert now["suspended"]["n"] == 1 and now["suspended"]["near_limit"] == 1
    assert now["unassigned"]["n"] == 3
    assert [(p["name"], p["n"]) for p in now["workload"]] == [("Ana Ruiz", 3)]


def test_attention_narrows_to_a_municipality_and_a_kind(office):
    now = attention(municipality_id=office["soledad"].pk)
    assert {b["code"]: b["n"] for b in now["bands"]}["vencido"] == 1
    assert now["unassigned"]["n"] == 1
    now = attention(kind=CaseKind.RECLAMO)
    assert {b["code"]: b["n"] for b in now["bands"]} == {
        "vencido": 1, "vence_hoy": 1, "por_vencer": 0, "al_dia": 2}


def test_every_number_links_to_a_case_list_with_exactly_those_cases(client, office):
    client.force_login(office["coord"])
    now = attention()
    links = [*now["bands"], now["sap_risk"], now["suspended"], now["unassigned"],
             *now["workload"]]
    for item in links:
        url = urlparse(item["url"])
        assert url.path == "/gestion/casos/"
        page = client.get(f"{url.path}?{url.query}")
        assert page.status_code == 200
        assert page.context["page"].paginator.count == item["n"], item["url"]


def test_inflow_counts_the_period_by_kind_channel_causal_and_municipality(office):
    today = timezone.localdate()
    data = inflow(Period(today.replace(day=1), today))
    assert data["total"] == 6
    assert dict((label, n) for label, n, _u in data["by_kind"].rows) == {
        "Reclamo": 4, "Queja": 1, "Petición": 1}
    assert dict((label, n) for label, n, _u in data["by_channel"].rows) == {
        "Formulario web": 5, "Presencial (verbal)": 1}
    causals = dict((label, n) for label, n, _u in data["by_causal"].rows)
    assert causals["Sin causal"] == 1 and sum(causals.values()) == 6
    assert dict((label, n) for label, n, _u in data["by_municipality"].rows) == {
        "Barranquilla": 5, "Soledad": 1}
    assert "<svg" in data["by_kind"].svg and "<title>" in data["by_kind"].svg


def test_a_rolled_up_month_counts_like_the_live_query():
    tz = timezone.get_current_timezone()
    march = datetime(2025, 3, 10, 9, tzinfo=tz)
    for day in (1, 10, 31):
        make_case(kind=CaseKind.QUEJA, filed_at=march.replace(day=day))
    make_case(kind=CaseKind.RECLAMO, filed_at=datetime(2025, 4, 1, 0, 30, tzinfo=tz))
    period = Period(date(2025, 3, 1), date(2025, 4, 30))
    live = case_counts(period)
    barranquilla = Municipality.objects.get(dane_code="08001").pk
    live_narrowed = {str(n): case_counts(period, **n)
                     for n in ({"kind": CaseKind.QUEJA}, {"municipality_id": barranquilla})}
    assert rollup_month(date(2025, 3, 1)) == 3
    assert CaseMonthCount.objects.filter(month=date(2025, 3, 1), dimension="day",
                                         assignee_id=-1).exclude(kind="*").count() == 3
    # The same detailed rows per person (all three unassigned: 0).
    assert CaseMonthCount.objects.filter(month=date(2025, 3, 1), dimension="day",
                                         assignee_id=0).exclude(kind="*").count() == 3
    rolled = case_counts(period)
    assert rolled == live
    barranquilla = Municipality.objects.get(dane_code="08001").pk
    for narrowed in ({"kind": CaseKind.QUEJA}, {"municipality_id": barranquilla}):
        assert case_counts(period, **narrowed) == live_narrowed[str(narrowed)]
    assert rolled["kind"] == {"queja": 3, "reclamo": 1}
    # A short partial month (10 of 31 days) reads March's days from the daily roll-up.
    assert case_counts(Period(date(2025, 3, 22), date(2025, 3, 31)))["kind"] == {"queja": 1}


def test_a_partial_month_reads_its_days_and_counts_only_days_not_rolled_up_live(
        django_assert_num_queries):
    """Edges: 5-31 March from March's days (rolled up); 1-3 April counted live, one query."""
    tz = timezone.get_current_timezone()
    for day, kind in ((1, CaseKind.QUEJA), (4, CaseKind.RECLAMO), (5, CaseKind.QUEJA),
                      (20, CaseKind.PETICION), (31, CaseKind.QUEJA)):
        make_case(kind=kind, filed_at=datetime(2025, 3, day, 9, tzinfo=tz))
    make_case(kind=CaseKind.RECLAMO, filed_at=datetime(2025, 4, 2, 9, tzinfo=tz))
    edges = Period(date(2025, 3, 5), date(2025, 4, 3))
    live = case_counts(edges)
    assert live["kind"] == {"queja": 2, "peticion": 1, "reclamo": 1}
    rollup_month(date(2025, 3, 1))
    # Case rows changed after the roll-up would show: prove the daily roll-up is what is read.
    CaseDayCount.objects.filter(day=date(2025, 3, 20), kind="*", assignee_id=-1,
                                dimension="kind", value="peticion").update(n=7)
    with django_assert_num_queries(3):  # markers, roll-up, the live days of April
        rolled = case_counts(edges)
    assert rolled["kind"] == {"queja": 2, "peticion": 7, "reclamo": 1}
    assert rolled["day"] == {date(2025, 3, 5): 1, date(2025, 3, 20): 1, date(2025, 3, 31): 1,
                             date(2025, 4, 2): 1}
    # Narrowed to a kind: the same sum over the detailed rows.
    assert case_counts(edges, kind=CaseKind.QUEJA)["day"] == {
        date(2025, 3, 5): 1, date(2025, 3, 31): 1}
    # A period wholly rolled up counts nothing live: two queries whatever its length
    # (20 March still shows the tampered row).
    with django_assert_num_queries(2):
        assert case_counts(Period(date(2025, 3, 2), date(2025, 3, 30)))["kind"] == {
            "queja": 1, "reclamo": 1, "peticion": 7}


def _all_live(period):
    return [], [], [period]


def test_the_daily_roll_up_counts_like_the_live_query(office, monkeypatch):
    """
    Known cases over March and April 2025, seen on 15 April: the nightly
    refresh rolls up March (month and days) and 1-14 April (days); every
    period, filter and team reads the same numbers as counting the cases.
    """
    import time_machine

    from reports import rollup
    from reports.models import RolledUpDay
    from reports.rollup import rollup_refresh

    tz = timezone.get_current_timezone()
    gestor, soledad = office["gestor"], office["soledad"]
    filed = [  # (when, kind, channel, municipality, assigned to the gestor)
        (datetime(2025, 3, 3, 8, tzinfo=tz), CaseKind.QUEJA, Channel.WEB, None, True),
        (datetime(2025, 3, 14, 23, 30, tzinfo=tz), CaseKind.RECLAMO, Channel.PRESENCIAL,
         soledad, True),                               # 04:30 UTC on the 15th: a Bogotá 14th
        (datetime(2025, 3, 15, 0, 10, tzinfo=tz), CaseKind.RECLAMO, Channel.WEB, soledad, False),
        (datetime(2025, 3, 31, 18, tzinfo=tz), CaseKind.PETICION, Channel.WEB, None, True),
        (datetime(2025, 4, 1, 7, tzinfo=tz), CaseKind.QUEJA, Channel.PRESENCIAL, soledad, True),
        (datetime(2025, 4, 14, 16, tzinfo=tz), CaseKind.RECLAMO, Channel.WEB, None, False),
        (datetime(2025, 4, 15, 9, tzinfo=tz), CaseKind.RECLAMO, Channel.WEB, soledad, True),
    ]
    with time_machine.travel(datetime(2025, 4, 15, 11, tzinfo=tz), tick=False):
        for when, kind, channel, town, assigned in filed:
            extra = {"municipality": town} if town else {}
            case = make_case(kind=kind, channel=channel, filed_at=when, **extra)
            if assigned:
                case_assign(case=case, assignee=gestor, actor=office["coord"])
        periods = [Period(date(2025, 3, 1), date(2025, 4, 15)),   # month + days + today
                   Period(date(2025, 3, 10), date(2025, 4, 14)),  # partial edges, all rolled
                   Period(date(2025, 3, 14), date(2025, 3, 15)),
                   Period(date(2025, 4, 1), date(2025, 4, 15))]
        narrowings = [{}, {"municipality_id": soledad.pk}, {"kind": CaseKind.RECLAMO},
                      {"assignee_ids": [gestor.pk]},
                      {"assignee_ids": [gestor.pk], "municipality_id": soledad.pk},
                      {"assignee_ids": [gestor.pk], "kind": CaseKind.RECLAMO}]
        with monkeypatch.context() as patched:
            patched.setattr(rollup, "_pieces", _all_live)
            live = {(p, str(n)): case_counts(p, **n) for p in periods for n in narrowings}
        assert rollup_refresh(first=date(2025, 3, 1)) == [date(2025, 3, 1)]
        assert RolledUpDay.objects.filter(day__gte=date(2025, 4, 1)).count() == 14
        assert CaseDayCount.objects.filter(day=date(2025, 3, 14), dimension="day",
                                           kind="*", assignee_id=-1).get().n == 1
        for p in periods:
            for n in narrowings:
                assert case_counts(p, **n) == live[(p, str(n))], (p, n)
        # The numbers themselves (by hand): the gestor's reclamos, and Soledad's cases.
        spring = Period(date(2025, 3, 1), date(2025, 4, 15))
        mine = case_counts(spring, assignee_ids=[gestor.pk], kind=CaseKind.RECLAMO)
        assert mine["day"] == {date(2025, 3, 14): 1, date(2025, 4, 15): 1}
        assert mine["channel"] == {Channel.PRESENCIAL: 1, Channel.WEB: 1}
        assert case_counts(spring, municipality_id=soledad.pk)["kind"] == {
            CaseKind.RECLAMO: 3, CaseKind.QUEJA: 1}
        # The days are what is read (not the cases): a case re-dated after the roll-up
        # moves in the live count only.
        Case.objects.filter(filed_at=filed[5][0]).update(filed_at=filed[0][0])
        assert case_counts(Period(date(2025, 4, 14), date(2025, 4, 14)))["kind"] == {
            CaseKind.RECLAMO: 1}


@pytest.mark.parametrize("role,status", [(Role.GERENTE, 200), (Role.COORDINADOR, 200),
                                         (Role.FRONT_OFFICE, 403), (Role.BRIGADISTA, 403)])
def test_dashboard_access_by_role(client, role, status):
    client.force_login(make_user(role))
    assert client.get("/reportes/").status_code == status


def test_dashboard_page_csv_and_bad_dates(client, office):
    client.force_login(make_user(Role.GERENTE))
    html = client.get("/reportes/").content.decode()
    assert "vencen hoy" in html and 'href="/gestion/casos/?open_band=vence_hoy"' in html
    assert "<svg" in html and "<caption>Radicados por tipo de solicitud</caption>" in html
    response = client.get("/reportes/", {"formato": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "Radicados en el periodo,6" in response.content.decode()
    response = client.get("/reportes/", {"desde": "ayer", "hasta": "2026-01-01"})
    assert "AAAA-MM-DD" in response.content.decode()


def test_one_bad_date_keeps_the_other(client):
    import time_machine

    with time_machine.travel(datetime(2026, 11, 18, 10, tzinfo=BOGOTA), tick=False):
        _one_bad_date_keeps_the_other(client)


def _one_bad_date_keeps_the_other(client):
    client.force_login(make_user(Role.GERENTE))
    html = client.get("/reportes/", {"desde": "ayer", "hasta": "2026-11-10"}).content.decode()
    assert "Se ignoró la fecha «ayer»" in html
    # The valid end stays; the start falls back to the first day of the month.
    assert 'name="desde" value="2026-11-01"' in html and 'name="hasta" value="2026-11-10"' in html
    # A well-formed but impossible date is a message too, not a server error.
    response = client.get("/reportes/", {"desde": "2026-11-02", "hasta": "2026-02-30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Se ignoró la fecha «2026-02-30»" in html
    assert 'name="desde" value="2026-11-02"' in html and 'name="hasta" value="2026-11-18"' in html


def test_empty_period_says_so(client):
    client.force_login(make_user(Role.GERENTE))
    response = client.get("/reportes/", {"desde": "2001-01-01", "hasta": "2001-01-01"})
    assert "No hay radicados en el periodo." in response.content.decode()


def test_the_gerente_lands_on_their_indicators_page_which_links_the_dashboard(client):
    client.force_login(make_user(Role.GERENTE))
    assert client.get("/")["Location"] == "/trabajo/gerencia/"
    assert 'href="/reportes/"' in client.get("/trabajo/gerencia/").content.decode()


def test_the_snapshot_gives_the_live_numbers_while_fresh(office, settings):
    live = attention(municipality_id=office["soledad"].pk), attention(kind=CaseKind.RECLAMO), \
        attention()
    assert all(a["as_of"] is None for a in live)
    attention_refresh()
    stored = attention(municipality_id=office["soledad"].pk), attention(kind=CaseKind.RECLAMO), \
        attention()
    assert all(a["as_of"] is not None for a in stored)
    for a, b in zip(live, stored, strict=True):
        assert {**a, "as_of": None} == {**b, "as_of": None}
    # A case assigned after the snapshot shows once the snapshot is too old to be read.
    case_assign(case=office["cases"]["ok2"], assignee=office["gestor"], actor=office["coord"])
    assert attention()["unassigned"]["n"] == 3
    settings.REPORTS_ATTENTION_MAX_AGE = 0
    assert attention()["unassigned"]["n"] == 2


def _team(office, client):
    """The coordinator forms team Norte with the gestor, through the teams page."""
    from caserecord.models import Event
    from intake.models import Team

    client.force_login(office["coord"])
    response = client.post("/gestion/equipos/", {"name": "Norte",
                                                 "members": [office["gestor"].pk]})
    assert response.status_code == 302
    team = Team.objects.get(name="Norte")
    assert list(team.members.all()) == [office["gestor"]]
    assert Event.objects.filter(kind="team.saved", data__members=[office["gestor"].pk]).exists()
    return team


def test_the_team_filter_counts_the_cases_of_its_members(client, office):
    """Team Norte is the gestor, who has late1 (vencido), today (vence hoy) and ok1 (al día)."""
    team = _team(office, client)
    today = timezone.localdate()
    for now in (attention(team_id=team.pk), (attention_refresh(), attention(team_id=team.pk))[1]):
        assert {b["code"]: b["n"] for b in now["bands"]} == {
            "vencido": 1, "vence_hoy": 1, "por_vencer": 0, "al_dia": 1}
        assert now["sap_risk"]["n"] == 1 and now["unassigned"]["n"] == 0
        assert [(p["name"], p["n"]) for p in now["workload"]] == [("Ana Ruiz", 3)]
    came_in = inflow(Period(today.replace(day=1), today), team_id=team.pk)
    assert came_in["total"] == 3
    assert dict((label, n) for label, n, _u in came_in["by_channel"].rows) == {
        "Formulario web": 2, "Presencial (verbal)": 1}
    # The page: the team is a filter, and each number links to the case list of that team.
    html = client.get("/reportes/", {"equipo": team.pk}).content.decode()
    assert f'<option value="{team.pk}" selected>Norte</option>' in html
    link = next(b["url"] for b in attention(team_id=team.pk)["bands"] if b["code"] == "vencido")
    assert f"team={team.pk}" in link
    page = client.get(link)
    assert [c.pk for c in page.context["page"].object_list] == [office["cases"]["late1"].pk]


def test_a_team_reads_the_rolled_up_months_like_the_live_count(client, office):
    from datetime import datetime as dt

    team = _team(office, client)
    tz = timezone.get_current_timezone()
    march = [make_case(kind=CaseKind.QUEJA, filed_at=dt(2025, 3, d, 9, tzinfo=tz))
             for d in (3, 12, 25)]
    for case in march[:2]:
        case_assign(case=case, assignee=office["gestor"], actor=office["coord"])
    period = Period(date(2025, 3, 1), date(2025, 3, 31))
    live = case_counts(period, assignee_ids=[office["gestor"].pk])
    assert live["day"] == {date(2025, 3, 3): 1, date(2025, 3, 12): 1}
    rollup_month(date(2025, 3, 1))
    assert CaseMonthCount.objects.filter(month=date(2025, 3, 1),
                                         assignee_id=office["gestor"].pk).exists()
    assert case_counts(period, assignee_ids=[office["gestor"].pk]) == live
    assert case_counts(period, assignee_ids=[office["gestor"].pk],
                       kind=CaseKind.QUEJA)["kind"] == {"queja": 2}
    assert inflow(period, team_id=team.pk)["total"] == 2
    assert inflow(period)["total"] == 3


def test_the_landing_pages_count_open_cases_from_the_fresh_snapshot(client, office, settings):
    client.force_login(office["coord"])
    landing = client.get("/trabajo/coordinacion/")
    assert landing.context["open_count"] == 6                                # live
    assert 'href="/gestion/equipos/"' in landing.content.decode()            # the teams page
    attention_refresh()
    make_case(kind=CaseKind.QUEJA)                   # after the snapshot: not in it yet
    assert client.get("/trabajo/coordinacion/").context["open_count"] == 6
    settings.REPORTS_ATTENTION_MAX_AGE = 0           # too old: counted live again
    assert client.get("/trabajo/coordinacion/").context["open_count"] == 7


def test_the_hourly_roll_up_shows_what_changed_since_the_night(office):
    """An assignment made today moves yesterday's case to the team at the next hourly run."""
    import time_machine

    from reports.models import RolledUpMonth
    from reports.rollup import rollup_recent, rollup_refresh

    tz = timezone.get_current_timezone()
    gestor = office["gestor"]
    with time_machine.travel(datetime(2025, 4, 15, 10, tzinfo=tz), tick=False):
        case = make_case(kind=CaseKind.QUEJA, filed_at=datetime(2025, 4, 14, 9, tzinfo=tz))
        rollup_refresh(first=date(2025, 3, 1))                  # the night
        case_assign(case=case, assignee=gestor, actor=office["coord"])   # this morning
        april = Period(date(2025, 4, 1), date(2025, 4, 14))
        assert case_counts(april, assignee_ids=[gestor.pk]) == {}        # the night's rows
        assert rollup_recent() == 1
        assert case_counts(april, assignee_ids=[gestor.pk])["kind"] == {CaseKind.QUEJA: 1}
        assert not RolledUpMonth.objects.filter(month=date(2025, 4, 1)).exists()
    with time_machine.travel(datetime(2025, 5, 1, 10, tzinfo=tz), tick=False):
        assert rollup_recent() == 1                    # on the 1st: April, whole
        assert RolledUpMonth.objects.filter(month=date(2025, 4, 1), cases=1).exists()


def test_the_roll_up_command_rebuilds_from_a_month():
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from reports.models import RolledUpMonth

    make_case(kind=CaseKind.QUEJA, filed_at=datetime(2025, 3, 10, 9, tzinfo=BOGOTA))
    out = StringIO()
    call_command("reports_rollup", first="2025-03", stdout=out)
    assert RolledUpMonth.objects.get(month=date(2025, 3, 1)).cases == 1
    assert "rolled up" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("reports_rollup", first="marzo")


def test_the_roll_up_command_says_the_embedded_default_cannot_run_it(monkeypatch):
    from types import SimpleNamespace

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from reports.management.commands import reports_rollup

    monkeypatch.setattr(reports_rollup, "connection", SimpleNamespace(vendor="sqlite"))
    with pytest.raises(CommandError, match="necesita PostgreSQL"):
        call_command("reports_rollup")
