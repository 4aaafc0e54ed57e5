"""The quality pages, by role: forms keep what was typed, lists filter, the work page shows NCs."""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance import selectors, services
from compliance.models import ChecklistTemplate, NonConformity, ServicePlan
from compliance.terms import BOGOTA
from tests.factories import make_case

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 10, 14, 9, tzinfo=BOGOTA)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def _frozen(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(NOW, tick=False):
        yield


def test_opening_a_nc_by_hand_keeps_what_was_typed_on_error(client, coordinador):
    client.force_login(coordinador)
    url = reverse("compliance:nc-new")
    bad = client.post(url, {"origin": "queja", "kind": "procedimiento", "severity": "mayor",
                            "description": "El usuario reporta mala atención",
                            "case_radicado": "2099-999999"})
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "No hay un caso con ese radicado." in body
    assert "El usuario reporta mala atención" in body and 'value="2099-999999"' in body
    case = make_case()
    ok = client.post(url, {"origin": "queja", "kind": "procedimiento", "severity": "mayor",
                           "description": "El usuario reporta mala atención",
                           "case_radicado": case.radicado})
    nc = NonConformity.objects.get()
    assert ok.status_code == 302 and ok["Location"] == nc.get_absolute_url()
    assert nc.case_id == case.pk and nc.created_by == coordinador


def test_list_filters_searches_and_has_an_empty_state(client, gerente, coordinador):
    services.nonconformity_open(actor=coordinador, kind="procedimiento", origin="auditoria",
                                description="Formato desactualizado en el PAC")
    services.nonconformity_open(actor=coordinador, kind="procedimiento", origin="queja",
                                description="Trato descortés", severity="critica")
    client.force_login(gerente)
    url = reverse("compliance:nc-list")
    body = client.get(url).content.decode()
    assert "Formato desactualizado" in body and "Trato descortés" in body
    body = client.get(url, {"severity": "critica"}).content.decode()
    assert "Trato descortés" in body and "Formato desactualizado" not in body
    body = client.get(url, {"q": "formato"}).content.decode()
    assert "Formato desactualizado" in body and "Trato descortés" not in body
    assert "No hay no conformidades con estos filtros." in client.get(
        url, {"status": "cerrada"}).content.decode()
    # The gerente reads but does not register.
    assert "Registrar una no conformidad" not in body


def test_gestor_works_only_the_actions_assigned_to_them(client, coordinador, back_office,
                                                       front_office):
    nc = services.nonconformity_open(actor=coordinador, kind="procedimiento", origin="auditoria",
                                     description="Sin constancia")
    services.nonconformity_analyse(nonconformity=nc, actor=coordinador, method="texto_libre",
                                   root_cause="Inducción incompleta", responsible=coordinador,
                                   due_date=date(2026, 10, 30))
    action = services.action_add(nonconformity=nc, actor=coordinador, description="Capacitar",
                                 owner=back_office, due_date=date(2026, 10, 20))
    client.force_login(front_office)
    assert client.get(reverse("compliance:action-work", args=[action.pk])).status_code == 403
    client.force_login(back_office)
    mine = client.get(reverse("compliance:my-actions")).content.decode()
    assert "Capacitar" in mine
    url = reverse("compliance:action-work", args=[action.pk])
    missing = client.post(url, {"status": "hecha", "note": ""})
    assert missing.status_code == 400
    assert "Describa lo que se hizo" in missing.content.decode()
    done = client.post(url, {"status": "hecha", "note": "Capacitación dada",
                             "evidence": SimpleUploadedFile("lista.pdf", PDF)})
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == "hecha" and action.evidence


def test_closure_refused_shows_the_reasons(client, coordinador, back_office):
    nc = services.nonconformity_open(actor=coordinador, kind="procedimiento", origin="auditoria",
                                     description="Sin constancia", person=back_office)
    services.nonconformity_analyse(nonconformity=nc, actor=coordinador, method="texto_libre",
                                   root_cause="x", responsible=coordinador,
                                   due_date=date(2026, 10, 30))
    services.training_schedule(actor=coordinador, person=back_office, topic="Radicación",
                               planned_on=date(2026, 10, 15), duration_hours=Decimal("1"),
                               trainer="Coord", nonconformity=nc)
    client.force_login(coordinador)
    page = client.get(nc.get_absolute_url()).content.decode()
    assert "Hay reentrenamientos pendientes." in page
    response = client.post(reverse("compliance:nc-status", args=[nc.pk]),
                           {"status": "en_verificacion"}, follow=True)
    assert "Agregue al menos una acción correctiva." in response.content.decode()
    assert NonConformity.objects.get(pk=nc.pk).status == "en_tratamiento"


def test_work_page_shows_critical_ncs_to_the_coordinator(client, coordinador, brigadista):
    template = ChecklistTemplate.objects.get(code="chequeo-preoperacional")
    answers = {i.pk: {"result": "no_cumple" if i.key == "epp" else "cumple",
                      "note": "Sin casco" if i.key == "epp" else ""} for i in template.items.all()}
    services.inspection_record(actor=brigadista, template=template, answers=answers,
                               team="Brigada 3")
    client.force_login(coordinador)
    page = client.get(reverse("work:coordinador")).content.decode()
    nc = NonConformity.objects.get()
    assert nc.code in page and "Inspección QHSE" in page


def test_inspection_form_on_error_keeps_answers(client, brigadista):
    template = ChecklistTemplate.objects.get(code="chequeo-preoperacional")
    items = list(template.items.all())
    client.force_login(brigadista)
    url = reverse("compliance:inspection-new", args=[template.pk])
    data = {"team": "Brigada 1", f"item_{items[0].pk}": "no_cumple",
            f"item_{items[0].pk}_note": "", f"item_{items[1].pk}": "cumple"}
    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Describa lo encontrado." in body and "Indique el resultado de este punto." in body
    assert 'value="Brigada 1"' in body
    assert 'value="no_cumple" checked' in body or 'checked value="no_cumple"' in body or \
        body.count("checked") >= 2
    assert not NonConformity.objects.exists()


def test_plan_drafted_approved_by_the_gerente_and_read_by_reports(client, coordinador, gerente):
    client.force_login(coordinador)
    client.post(reverse("compliance:plan-new"), {"period_kind": "mes",
                                                 "period_start": "2026-10-01"})
    plan = ServicePlan.objects.get()
    edit = reverse("compliance:plan-edit", args=[plan.pk])
    form = {"objective": "Responder a tiempo",
            "ind-TOTAL_FORMS": "1", "ind-INITIAL_FORMS": "0",
            "ind-0-code": "oportunidad", "ind-0-name": "Oportunidad de respuesta",
            "ind-0-formula": "respondidas a tiempo / respondidas", "ind-0-target": "98",
            "ind-0-unit": "%", "ind-0-responsible": str(coordinador.pk),
            "res-TOTAL_FORMS": "1", "res-INITIAL_FORMS": "0", "res-0-kind": "vehiculos",
            "res-0-description": "Camioneta", "res-0-quantity": "2",
            "act-TOTAL_FORMS": "0", "act-INITIAL_FORMS": "0"}
    bad = client.post(edit, {**form, "ind-0-target": "mucho"})
    assert bad.status_code == 400 and "Oportunidad de respuesta" in bad.content.decode()
    assert client.post(edit, form).status_code == 302
    client.post(reverse("compliance:plan-submit", args=[plan.pk]))
    assert selectors.indicator_targets(date(2026, 10, 15)) == {}
    client.force_login(gerente)
    decide = reverse("compliance:plan-decide", args=[plan.pk])
    refused = client.post(decide, {"decision": "devolver", "observations": ""})
    assert refused.status_code == 400
    client.post(decide, {"decision": "aprobar", "observations": "Bien"})
    plan.refresh_from_db()
    assert plan.status == "aprobado" and plan.decided_by == gerente
    assert selectors.indicator_targets(date(2026, 10, 15)) == {"oportunidad": Decimal("98")}
    assert selectors.indicator_targets((date(2026, 10, 1), date(2026, 10, 31))) == {
        "oportunidad": Decimal("98")}
    assert selectors.indicator_targets(date(2026, 11, 1)) == {}
    # A new version replaces the approved one only once the gerente approves it.
    client.force_login(coordinador)
    client.post(reverse("compliance:plan-new-version", args=[plan.pk]))
    draft = ServicePlan.objects.get(version=2)
    assert draft.indicators.get().target == Decimal("98")
    assert selectors.indicator_targets(date(2026, 10, 15)) == {"oportunidad": Decimal("98")}
    services.plan_submit(plan=draft, actor=coordinador)
    services.plan_decide(plan=draft, actor=gerente, approve=True)
    assert ServicePlan.objects.get(pk=plan.pk).status == "reemplazado"


def test_support_request_from_a_nc_gets_the_other_process_answer(client, coordinador):
    nc = services.nonconformity_open(actor=coordinador, kind="qhse", origin="inspeccion_qhse",
                                     description="Guantes dieléctricos vencidos")
    client.force_login(coordinador)
    response = client.post(reverse("compliance:support-new") + f"?nc={nc.pk}", {
        "kind": "compra", "description": "10 pares de guantes clase 0", "due_date": "2026-10-20",
        "owner": str(coordinador.pk), "nonconformity_id": str(nc.pk)})
    assert response.status_code == 302
    request = nc.support_requests.get()
    url = reverse("compliance:support-detail", args=[request.pk])
    client.post(url, {"status": "enviada"})
    bad = client.post(url, {"status": "respondida", "answer": ""})
    assert bad.status_code == 400
    client.post(url, {"status": "respondida", "answer": "Orden de compra OC-55"})
    request.refresh_from_db()
    assert request.status == "respondida" and request.answer == "Orden de compra OC-55"
    listing = client.get(reverse("compliance:support-list")).content.decode()
    assert "OC-55" in listing
