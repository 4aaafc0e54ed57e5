"""
A non-conformity concerns several cases, visits and people: added and removed
on its page by whoever treats it while it is open, the one it was opened about
kept, each change in its history (and on the linked case's timeline).
"""

from datetime import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from caserecord.models import Event
from caserecord.services import record_history
from compliance import services
from compliance.models import NonConformity
from compliance.terms import BOGOTA
from tests.factories import make_case
from tests.field_visits.helpers import make_order, schedule

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 14, 9, tzinfo=BOGOTA)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _nc(coordinador, case=None, **kw):
    return services.nonconformity_open(
        actor=coordinador, kind=NonConformity.Kind.PROCEDIMIENTO,
        origin=NonConformity.Origin.AUDITORIA, description="Cartas sin firma",
        case_id=case.pk if case else None, check_repetition=False, **kw)


def test_link_and_unlink_cases_visits_and_people(coordinador, back_office, brigadista):
    first, second, third = make_case(), make_case(), make_case()
    nc = _nc(coordinador, first, person=back_office)
    visit, _w = schedule(make_order(second, back_office), brigadista, back_office)
    services.nonconformity_link(nonconformity=nc, actor=coordinador, what="case",
                                target_id=second.pk, note="Mismo gestor")
    services.nonconformity_link(nonconformity=nc, actor=coordinador, what="case",
                                target_id=third.pk)
    services.nonconformity_link(nonconformity=nc, actor=coordinador, what="visit",
                                target_id=visit.pk)
    services.nonconformity_link(nonconformity=nc, actor=coordinador, what="person",
                                target_id=brigadista.pk)
    assert set(nc.cases.values_list("pk", flat=True)) == {second.pk, third.pk}
    concerned = services.concerned(nc)
    assert [c["obj"].pk for c in concerned["case"]] == [first.pk, second.pk, third.pk]
    assert concerned["case"][0]["origin"] and not concerned["case"][1]["origin"]
    assert [p["obj"].pk for p in concerned["person"]] == [back_office.pk, brigadista.pk]
    assert [v["obj"].pk for v in concerned["visit"]] == [visit.pk]
    # The origin and what is already there are refused; the origin cannot be removed.
    for what, target in (("case", first.pk), ("case", second.pk), ("person", back_office.pk)):
        with pytest.raises(ValidationError):
            services.nonconformity_link(nonconformity=nc, actor=coordinador, what=what,
                                        target_id=target)
    with pytest.raises(ValidationError):
        services.nonconformity_unlink(nonconformity=nc, actor=coordinador, what="case",
                                      target_id=first.pk)
    with pytest.raises(ValidationError):
        services.nonconformity_link(nonconformity=nc, actor=coordinador, what="visit",
                                    target_id=999999)
    services.nonconformity_unlink(nonconformity=nc, actor=coordinador, what="case",
                                  target_id=third.pk, note="Error de digitación")
    assert list(nc.cases.values_list("pk", flat=True)) == [second.pk]
    # The audit trail: who and when, on the NC and on the linked case's timeline.
    kinds = [(e.kind, e.data.get("label"), e.actor_id) for e in record_history(nc)
             if e.kind.startswith("nonconformity.") and "link" in e.kind]
    assert ("nonconformity.linked", second.radicado, coordinador.pk) in kinds
    assert ("nonconformity.unlinked", third.radicado, coordinador.pk) in kinds
    assert ("nonconformity.linked", str(visit.pk), coordinador.pk) in kinds
    linked = Event.objects.get(case=second, kind="nonconformity.linked")
    assert linked.note == "Mismo gestor" and nc.code in linked.summary
    assert Event.objects.filter(case=third, kind="nonconformity.unlinked").exists()


def test_only_treaters_of_an_open_nc_change_who_is_concerned(coordinador, back_office,
                                                            front_office):
    nc = _nc(coordinador, make_case())
    other = make_case()
    with pytest.raises(PermissionDenied):  # not responsible for it
        services.nonconformity_link(nonconformity=nc, actor=back_office, what="case",
                                    target_id=other.pk)
    nc.responsible = back_office
    nc.save(update_fields=["responsible"])
    services.nonconformity_link(nonconformity=nc, actor=back_office, what="case",
                                target_id=other.pk)
    services.nonconformity_set_status(nonconformity=nc, status="anulada", actor=coordinador,
                                      note="Duplicada")
    with pytest.raises(ValidationError):
        services.nonconformity_unlink(nonconformity=nc, actor=coordinador, what="case",
                                      target_id=other.pk)


def test_the_nc_page_shows_and_edits_who_is_concerned(client, coordinador, back_office,
                                                      gerente):
    first, second = make_case(), make_case()
    nc = _nc(coordinador, first)
    client.force_login(coordinador)
    url = reverse("compliance:nc-links", args=[nc.pk])
    page = reverse("compliance:nc-detail", args=[nc.pk])
    assert client.post(url, {"what": "case", "case_radicado": second.radicado}).status_code == 302
    assert client.post(url, {"what": "person", "person": back_office.pk}).status_code == 302
    wrong = client.post(url, {"what": "case", "case_radicado": "2099-000001"}, follow=True)
    assert "No hay un caso con ese radicado." in wrong.content.decode()
    body = client.get(page).content.decode()
    assert first.radicado in body and second.radicado in body and "(origen)" in body
    assert 'name="target_id" value="%d"' % second.pk in body
    client.post(url, {"what": "case", "op": "remove", "target_id": second.pk})
    assert not nc.cases.exists() and nc.people.get() == back_office
    # Readers see who is concerned, without the forms; GET is not allowed.
    client.force_login(gerente)
    body = client.get(page).content.decode()
    assert "Casos, visitas y personas involucradas" in body and "Agregar caso" not in body
    assert client.post(url, {"what": "case", "case_radicado": second.radicado}).status_code == 403
    assert client.get(url).status_code in (403, 405)


def test_the_register_finds_an_nc_by_any_of_its_cases(client, coordinador):
    first, second = make_case(), make_case()
    nc = _nc(coordinador, first)
    services.nonconformity_link(nonconformity=nc, actor=coordinador, what="case",
                                target_id=second.pk)
    client.force_login(coordinador)
    body = client.get(reverse("compliance:nc-list"), {"q": second.radicado}).content.decode()
    assert nc.code in body
