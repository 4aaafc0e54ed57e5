"""The reports benchmark runs at a tiny size, so it cannot rot."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import make_case

pytestmark = pytest.mark.django_db


def test_bench_reports_measures_every_page_and_the_sui_file():
    make_case()
    out = StringIO()
    call_command("bench_reports", prepare=True, repeat=2, sui_month="2025-03",
                 allow_production=True, stdout=out)
    text = out.getvalue()
    assert "roll-up of" in text
    for row in ("| tablero, año completo |", "| indicadores, un mes |",
                "| inicio de la gerencia (indicadores del mes) |"):
        assert row in text
    assert "SUI 2025-03: 0 rows" in text and "peak Python memory" in text


@pytest.mark.django_db(transaction=True)
def test_bench_reports_over_http_asks_a_live_server_with_each_roles_session(live_server):
    make_case()
    out = StringIO()
    call_command("bench_reports", http=live_server.url, clients=3, seconds=3,
                 allow_production=True, stdout=out)
    text = out.getvalue()
    assert "3 concurrent clients" in text and ", 0 failures" in text
    # Every page answered 200 to its role's session at least once (a login page or a 403
    # would count as a failure and make the command exit non-zero).
    for row in ("tablero, año completo", "inicio de la gerencia (indicadores del mes)",
                "inicio del brigadista"):
        line = next(line for line in text.splitlines() if line.startswith(f"| {row} |"))
        assert int(line.split("|")[2]) > 0, line
