"""
The brigadista's pre-visit safety check (issue 14, QHSE): a point that cannot
be confirmed opens one critical QHSE non-conformity about the brigadista and
the visit, records its event, and keeps the acta closed until the check passes.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caserecord.models import Event
from compliance.models import NonConformity
from field_visits import services
from tests.factories import make_case
from tests.field_visits.helpers import make_order, schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(back_office, brigadista):
    order = make_order(make_case(), back_office)
    v, _ = schedule(order, brigadista, back_office)
    return v


def test_a_point_not_confirmed_opens_one_critical_nc(visit, brigadista, back_office):
    confirmed = ["epp", "tools", "signalling"]
    nc = services.visit_safety_check_failed(visit=visit, actor=brigadista, confirmed=confirmed,
                                            note="Sin detector de tensión de repuesto")
    assert (nc.kind, nc.origin, nc.severity) == (
        NonConformity.Kind.QHSE, NonConformity.Origin.INSPECCION_QHSE,
        NonConformity.Severity.CRITICA)
    assert nc.visit_id == visit.pk and nc.person_id == brigadista.pk
    assert "Análisis de riesgos del sitio" in nc.description
    assert "Condiciones para trabajar" in nc.description
    assert "Equipo de protección" not in nc.description
    event = Event.objects.get(case=visit.order.case, kind="visit.safety_failed")
    assert event.data["failed"] == ["risk_assessment", "fit_for_work"]
    assert event.data["nonconformity_id"] == nc.pk and event.actor_id == brigadista.pk
    visit.refresh_from_db()
    assert visit.safety_checked_at is None
    # Once per visit, however often the check fails.
    again = services.visit_safety_check_failed(visit=visit, actor=brigadista, confirmed=[])
    assert again.pk == nc.pk and NonConformity.objects.filter(visit=visit).count() == 1
    # Everything confirmed is not a failure; only the visit's brigadista records it.
    with pytest.raises(ValidationError):
        services.visit_safety_check_failed(visit=visit, actor=brigadista,
                                           confirmed=services.SAFETY_ITEMS)
    with pytest.raises(PermissionDenied):
        services.visit_safety_check_failed(visit=visit, actor=back_office, confirmed=[])
    # Fixed on site, the check passes and the acta opens.
    services.visit_safety_check(visit=visit, actor=brigadista, items=services.SAFETY_ITEMS)
    with pytest.raises(ValidationError):
        services.visit_safety_check_failed(visit=visit, actor=brigadista, confirmed=[])


def test_the_visit_page_records_a_failed_check_and_the_coordinator_sees_it(
        client, visit, brigadista, coordinador):
    client.force_login(brigadista)
    detail = reverse("field_visits:visit-detail", args=[visit.pk])
    assert "Registrar chequeo no superado" in client.get(detail).content.decode()
    resp = client.post(detail, {"epp": "on", "risk_assessment": "on", "tools": "on",
                                "signalling": "on", "action": "cannot"}, follow=True)
    assert "Chequeo no superado" in resp.content.decode()
    nc = NonConformity.objects.get(visit=visit)
    assert nc.severity == NonConformity.Severity.CRITICA
    assert "Condiciones para trabajar" in nc.description
    acta_url = reverse("field_visits:acta-form", args=[visit.pk])
    assert client.get(acta_url).status_code == 302
    client.force_login(coordinador)
    page = client.get(reverse("work:coordinador")).content.decode()
    assert reverse("compliance:nc-detail", args=[nc.pk]) in page
