"""The header search finds a case by the outgoing radicado of its letter."""

import pytest
import time_machine

from intake.models import Case
from intake.selectors import case_search
from tests.responses.conftest import bogota, electronic_case, issue, working

pytestmark = pytest.mark.django_db


def test_outgoing_radicado_whole_or_by_number_finds_the_case(back_office, coordinador):
    with time_machine.travel(bogota(2026, 12, 1), tick=False):
        case = electronic_case(actor=back_office)
        other = electronic_case(actor=back_office)
        working(case, back_office)
        letter = issue(case, back_office, coordinador)
    assert letter.outgoing_radicado == "S-2026-000001"
    for query in ("S-2026-000001", "s-2026-000001"):
        assert list(case_search(Case.objects.all(), query)) == [case]
    # "1" is also the number of the first incoming radicado (the other case is the 2nd).
    assert case_search(Case.objects.all(), "1").get() == case
    assert case_search(Case.objects.all(), "2").get() == other
