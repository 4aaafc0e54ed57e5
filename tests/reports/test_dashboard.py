"""The indicator dashboard: numbers from real cases, read-only roles only."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from compliance.services import term_meet
from intake.choices import CaseKind
from pqr_portal.roles import Role
from reports.selectors import indicators
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


def test_indicators_count_cases_and_answers_on_time():
    on_time = make_case(kind=CaseKind.RECLAMO)
    late = make_case(kind=CaseKind.QUEJA)
    make_case(kind=CaseKind.RECLAMO)
    term_meet(term=on_time.response_term, met_at=timezone.now(), how="test")
    term_meet(term=late.response_term, met_at=late.response_term.due_at + timedelta(days=1), how="test")
    today = timezone.localdate()
    # the late answer is in the future: widen the period to include it
    data = indicators(start=today, end=today + timedelta(days=60))
    assert data["filed_total"] == 3
    assert dict(data["by_kind"]) == {"Reclamo": 2, "Queja": 1}
    assert data["answered_total"] == 2
    assert data["answered_on_time"] == 1
    assert data["on_time_pct"] == 50.0


@pytest.mark.parametrize("role,status", [(Role.GERENTE, 200), (Role.COORDINADOR, 200),
                                         (Role.FRONT_OFFICE, 403), (Role.BRIGADISTA, 403)])
def test_dashboard_access_by_role(client, role, status):
    client.force_login(make_user(role))
    assert client.get("/reportes/").status_code == status


def test_dashboard_csv_and_bad_dates(client):
    make_case()
    client.force_login(make_user(Role.GERENTE))
    response = client.get("/reportes/", {"formato": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "Radicados en el periodo,1" in response.content.decode()
    response = client.get("/reportes/", {"desde": "ayer", "hasta": "2026-01-01"})
    assert "AAAA-MM-DD" in response.content.decode()


def test_one_bad_date_keeps_the_other(client, time_machine):
    time_machine.move_to(datetime(2026, 11, 18, 10, tzinfo=BOGOTA), tick=False)
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
    old = datetime(2001, 1, 1).date()
    response = client.get("/reportes/", {"desde": old.isoformat(), "hasta": old.isoformat()})
    assert "No hay radicados en el periodo." in response.content.decode()
