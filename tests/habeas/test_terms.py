"""
The holder's requests get their legal term like any PQR (Ley 1581 arts. 14-15):
consulta 10 business days, reclamo 15, counted around a holiday; the prórroga
is capped at 5 and 8 business days; no SAP.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from compliance import services as compliance_services
from compliance.models import TermRule
from intake.choices import CaseKind
from tests.factories import make_case
from tests.habeas.helpers import bogota

pytestmark = pytest.mark.django_db

# Friday 6 November 2026; Monday 16 November is a holiday (Independencia de Cartagena).
FILED = bogota(2026, 11, 6, 10)


@pytest.mark.parametrize(("kind", "due"), [
    (CaseKind.DATOS_CONSULTA, date(2026, 11, 23)),  # 10 business days, the 16th skipped
    (CaseKind.DATOS_RECTIFICACION, date(2026, 11, 30)),  # 15 business days
    (CaseKind.DATOS_SUPRESION, date(2026, 11, 30)),
])
def test_the_request_gets_its_legal_term_around_a_holiday(kind, due):
    with time_machine.travel(FILED, tick=False):
        case = make_case(kind=kind, causal_code=None)
    term = case.response_term
    assert term.due_date == due
    assert term.length == (10 if kind == CaseKind.DATOS_CONSULTA else 15)
    assert "Ley 1581" in term.legal_basis


def test_the_rules_are_seeded_without_sap_and_with_their_prorroga():
    rules = {r.kind: r for r in TermRule.objects.filter(kind__startswith="datos_")}
    assert {k: (r.business_days, r.max_extension_business_days, r.sap_applies,
                r.allows_extension) for k, r in rules.items()} == {
        "datos_consulta": (10, 5, False, True),
        "datos_rectificacion": (15, 8, False, True),
        "datos_supresion": (15, 8, False, True),
    }


@pytest.mark.parametrize(("kind", "most"), [(CaseKind.DATOS_CONSULTA, 5),
                                            (CaseKind.DATOS_SUPRESION, 8)])
def test_the_prorroga_is_capped_by_ley_1581(kind, most):
    with time_machine.travel(FILED, tick=False):
        case = make_case(kind=kind, causal_code=None)
        term = case.response_term
        assert compliance_services.extension_check(term=term, extra_days=most) > term.due_date
        with pytest.raises(ValidationError, match="a lo sumo"):
            compliance_services.extension_check(term=term, extra_days=most + 1)


def test_a_ley_1755_consulta_still_extends_up_to_double():
    with time_machine.travel(FILED, tick=False):
        case = make_case(kind=CaseKind.CONSULTA, causal_code=None)
        assert compliance_services.extension_check(term=case.response_term, extra_days=30)
        with pytest.raises(ValidationError, match="doble"):
            compliance_services.extension_check(term=case.response_term, extra_days=31)


def test_the_answer_to_a_holder_offers_no_ley_142_recursos():
    from responses import rules

    for kind in ("datos_consulta", "datos_rectificacion", "datos_supresion"):
        assert rules.default_admits_recursos(kind, "accede") is False
        assert rules.default_admits_recursos(kind, "no_accede") is False
    assert rules.default_admits_recursos("reclamo", "no_accede") is True
