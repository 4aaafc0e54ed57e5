"""The compliance screens, by role."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from compliance.models import Alert, ExtraClosure, Term, TermAdjustment
from compliance.terms import BOGOTA
from pqr_portal.roles import Role
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db

FILED = datetime(2026, 9, 1, 10, tzinfo=BOGOTA)


def test_calendar_lists_holidays_with_names(client, front_office):
    client.force_login(front_office)
    response = client.get(reverse("compliance:calendar"), {"year": 2026})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chiquinquirá" in body and "13/07/2026" in body
    assert "Jueves Santo" in body
    assert "Agregar un cierre" not in body  # only the coordinator edits closures


def test_coordinator_adds_and_edits_closures(client, coordinador):
    client.force_login(coordinador)
    url = reverse("compliance:calendar")
    bad = client.post(url, {"date": "2026-12-24", "name": "Nochebuena", "formally_adopted": "on"})
    assert bad.status_code == 200
    assert "requiere el acto que lo adopta" in bad.content.decode()
    assert 'value="Nochebuena"' in bad.content.decode()  # what was typed stays
    ok = client.post(url, {"date": "2026-12-24", "name": "Nochebuena"})
    assert ok.status_code == 302
    closure = ExtraClosure.objects.get()
    page = client.get(url, {"year": 2026}).content.decode()
    assert "No adoptado: no afecta los términos" in page
    edit = client.post(reverse("compliance:closure-edit", args=[closure.pk]),
                       {"date": "2026-12-24", "name": "Nochebuena", "formally_adopted": "on",
                        "document_reference": "Resolución 12 de 2026"})
    assert edit.status_code == 302
    assert ExtraClosure.objects.get().formally_adopted
    assert "Adoptado: suspende los términos" in client.get(url, {"year": 2026}).content.decode()
    client.post(reverse("compliance:closure-delete", args=[closure.pk]))
    assert not ExtraClosure.objects.exists()


def test_adopted_closure_moves_open_terms(client, coordinador):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED)
    assert case.response_term.due_date == date(2026, 9, 22)
    client.force_login(coordinador)
    client.post(reverse("compliance:calendar"),
                {"date": "2026-09-15", "name": "Inventario", "formally_adopted": "on",
                 "document_reference": "Resolución 7"})
    assert Term.objects.get(pk=case.response_term_id).due_date == date(2026, 9, 23)


def test_non_coordinators_cannot_edit_closures(client, back_office):
    client.force_login(back_office)
    response = client.post(reverse("compliance:calendar"), {"date": "2026-12-24", "name": "x"})
    assert response.status_code == 403
    assert not ExtraClosure.objects.exists()


def test_calculator_lists_skipped_days(client, front_office):
    client.force_login(front_office)
    response = client.get(reverse("compliance:calculator"),
                          {"start": "2026-12-05T10:00", "rule": "", "days": "15"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "30/12/2026" in body
    assert "La Inmaculada Concepción" in body and "Navidad" in body and "domingo" in body


def test_calculator_by_kind_and_errors(client, back_office):
    from compliance.models import TermRule

    client.force_login(back_office)
    rule = TermRule.objects.get(kind="reclamo")
    body = client.get(reverse("compliance:calculator"),
                      {"start": "2026-05-15T09:00", "rule": rule.pk}).content.decode()
    assert "09/06/2026" in body and "Corpus Christi" in body
    body = client.get(reverse("compliance:calculator"), {"start": "2026-05-15T09:00"}).content.decode()
    assert "Elija un tipo de solicitud o digite los días hábiles." in body


@pytest.mark.parametrize("role", [Role.BRIGADISTA, Role.GERENTE])
def test_calculator_is_for_case_workers(client, role):
    client.force_login(make_user(role, username=f"u-{role}"))
    assert client.get(reverse("compliance:calculator")).status_code == 403


def test_alerts_mine_and_mark_read(client, back_office):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=back_office)
        other_user = make_user(Role.BACK_OFFICE, username="otra")
        other = make_case(filed_at=FILED, assignee=other_user)
    from compliance.sweep import terms_sweep

    terms_sweep(now=datetime(2026, 9, 17, 8, tzinfo=BOGOTA))
    client.force_login(back_office)
    body = client.get(reverse("compliance:alerts")).content.decode()
    assert case.radicado in body and other.radicado not in body
    client.post(reverse("compliance:alerts"))
    assert not Alert.objects.filter(recipient=back_office, read_at__isnull=True).exists()
    assert Alert.objects.filter(recipient=other_user, read_at__isnull=True).exists()


def test_back_office_suspends_for_incompleta_and_resumes(client, back_office):
    """This page suspends only for "incompleta": pruebas and prórroga need their letter."""
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED)
    term = case.response_term
    client.force_login(back_office)
    with time_machine.travel(datetime(2026, 9, 10, 9, tzinfo=BOGOTA), tick=False):
        page = client.get(reverse("compliance:term-suspend", args=[term.pk]))
        assert page.status_code == 200 and "Causa" in page.content.decode()
        for cause in ("pruebas", "traslado", "prorroga"):
            refused = client.post(reverse("compliance:term-suspend", args=[term.pk]),
                                  {"cause": cause, "starts_on": "2026-09-10",
                                   "document_reference": "Orden 9"})
            assert refused.status_code == 400
        backdated = client.post(reverse("compliance:term-suspend", args=[term.pk]),
                                {"cause": "incompleta", "starts_on": "2026-09-08",
                                 "document_reference": "Oficio 9"})
        assert backdated.status_code == 400 and "anterior a hoy" in backdated.content.decode()
        done = client.post(reverse("compliance:term-suspend", args=[term.pk]), {
            "cause": "incompleta", "starts_on": "2026-09-10",
            "document": SimpleUploadedFile("oficio.pdf", b"%PDF-1.4\n%prueba\n", "application/pdf"),
        })
        assert done.status_code == 302 and done["Location"] == case.get_absolute_url()
    adj = TermAdjustment.objects.get()
    assert adj.document and adj.cause == "incompleta"
    # At most 22 business days from Thu 10 Sep 2026 (setting), reminded 3 before.
    assert (adj.max_ends_on, adj.remind_on) == (date(2026, 10, 9), date(2026, 10, 6))
    with time_machine.travel(datetime(2026, 9, 15, 16, tzinfo=BOGOTA), tick=False):
        resumed = client.post(reverse("compliance:term-resume", args=[term.pk]),
                              {"ends_on": "2026-09-15"})
        assert resumed.status_code == 302
        assert Term.objects.get(pk=term.pk).due_date == date(2026, 9, 28)


def test_term_actions_are_scoped_and_role_checked(client, front_office, brigadista):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED)
    url = reverse("compliance:term-suspend", args=[case.response_term_id])
    client.force_login(front_office)
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.BACK_OFFICE, username="bo2"))
    assert client.get(reverse("compliance:term-suspend", args=[999999])).status_code == 404


def test_case_terms_partial_renders_history():
    from django.template.loader import render_to_string

    from compliance.services import term_suspend

    user = make_user(Role.BACK_OFFICE, username="bo3", first_name="Ana", last_name="Ruiz")
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED)
    with time_machine.travel(datetime(2026, 9, 10, 9, tzinfo=BOGOTA), tick=False):
        term_suspend(term=case.response_term, cause="incompleta",
                     starts_on=date(2026, 9, 10), actor=user, document_reference="Oficio 77")
        html = render_to_string("compliance/_case_terms.html",
                                {"terms": case.terms.prefetch_related("adjustments")})
    assert "Suspendido" in html and "Oficio 77" in html and "Ana Ruiz" in html
    assert "Ley 142 de 1994 art. 158" in html
    with time_machine.travel(datetime(2026, 9, 17, 9, tzinfo=BOGOTA), tick=False):
        other = make_case(filed_at=FILED)
        html = render_to_string("compliance/_case_terms.html", {"terms": [other.response_term]})
    assert "Días hábiles restantes" in html and ">3<" in html.replace("\n", "")


def test_admin_pages_render_and_terms_are_read_only(client):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root", "root@pqr.test", "x" * 12)
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED)
    client.force_login(admin_user)
    rules = client.get(reverse("admin:compliance_termrule_changelist"))
    assert rules.status_code == 200 and "Ley 1755 de 2015 art. 14" in rules.content.decode()
    assert client.get(reverse("admin:compliance_term_changelist")).status_code == 200
    term_page = client.get(reverse("admin:compliance_term_change", args=[case.response_term_id]))
    assert term_page.status_code == 200
    assert client.post(reverse("admin:compliance_term_change", args=[case.response_term_id]),
                       {"band": "cumplido"}).status_code == 403
    assert client.get(reverse("admin:compliance_extraclosure_add")).status_code == 200
    assert client.get(reverse("admin:compliance_nonconformity_changelist")).status_code == 200
    assert client.get(reverse("admin:compliance_termadjustment_changelist")).status_code == 200


def test_partial_shows_hours_for_order_deadlines():
    from django.template.loader import render_to_string

    from compliance.services import term_open

    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED)
        fallo = term_open(case_id=case.pk, purpose=Term.Purpose.CUMPLIMIENTO_FALLO,
                          started_at=FILED, hours=48)
    with time_machine.travel(datetime(2026, 9, 2, 10, tzinfo=BOGOTA), tick=False):
        html = render_to_string("compliance/_case_terms.html", {"terms": [fallo]})
    assert "Horas restantes" in html and ">24<" in html.replace("\n", "")
