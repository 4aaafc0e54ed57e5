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
