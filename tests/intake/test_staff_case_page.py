"""The case page: constant query count, timeline, terms, panels; and the read-only admin."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caserecord.services import event_record
from intake import services
from intake.choices import CaseStatus
from intake.models import Case
from tests.factories import make_case

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def _grow(case, actor, n):
    for i in range(n):
        event_record(case=case, kind="case.note", actor=actor, note=f"Nota {i}")
        services.attachment_add_bytes(case=case, name=f"doc{i}.pdf", content=PDF,
                                      mime="application/pdf", actor=actor, kind="evidencia")


def test_case_page_query_count_does_not_grow_with_events_and_files(client, back_office,
                                                                   django_assert_num_queries):
    small, big = make_case(), make_case()
    _grow(small, back_office, 1)
    _grow(big, back_office, 25)
    services.case_transition(case=big, to_status=CaseStatus.EN_TRAMITE, actor=back_office)
    services.case_transition(case=small, to_status=CaseStatus.EN_TRAMITE, actor=back_office)
    client.force_login(back_office)
    client.get(reverse("intake:case-detail", args=[small.pk]))
    with CaptureQueriesContext(connection) as baseline:
        client.get(reverse("intake:case-detail", args=[small.pk]))
    with django_assert_num_queries(len(baseline)):
        response = client.get(reverse("intake:case-detail", args=[big.pk]))
    html = response.content.decode()
    assert "Nota 24" in html and "doc24.pdf" in html
    assert "Término de respuesta" in html or "respuesta" in html.lower()


def test_timeline_lists_events_in_order_with_their_notes(client, back_office):
    case = make_case()
    services.case_transition(case=case, to_status=CaseStatus.EN_TRAMITE, actor=back_office,
                             note="Se pidió copia de la factura")
    client.force_login(back_office)
    html = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    filed = html.index("Solicitud radicada")
    moved = html.index("Estado: En trámite")
    assert filed < moved
    assert "Se pidió copia de la factura" in html


def test_admin_is_read_only_for_cases(client):
    admin = get_user_model().objects.create_superuser("root", "root@pqr.test", "x")
    case = make_case()
    client.force_login(admin)
    for model in ("intake_case", "caserecord_event", "intake_customer", "intake_attachment",
                  "intake_paymentagreement", "intake_causal", "intake_municipality",
                  "caserecord_outgoingemail"):
        assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse("admin:caserecord_event_add")).status_code == 403
    assert client.get(reverse("admin:intake_case_add")).status_code == 403
    response = client.post(reverse("admin:intake_case_delete", args=[case.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Case.objects.filter(pk=case.pk).exists()


def test_term_actions_follow_the_term_state(client, back_office, gerente):
    """
    Suspend while running (a reclamo offers pruebas with its letter, never a prórroga),
    only resume while suspended, nothing for the gerente.
    """
    from django.utils import timezone

    from compliance.services import term_suspend

    case = make_case(actor=back_office)
    term = case.response_term
    url = reverse("intake:case-detail", args=[case.pk])
    suspend = reverse("compliance:term-suspend", kwargs={"term_id": term.pk})
    resume = reverse("compliance:term-resume", kwargs={"term_id": term.pk})
    extend = reverse("responses:term-extend", kwargs={"term_id": term.pk})
    pruebas = reverse("responses:term-pruebas", kwargs={"term_id": term.pk})
    client.force_login(back_office)
    page = client.get(url).content.decode()
    assert suspend in page and pruebas in page and resume not in page
    assert extend not in page  # Ley 142: a reclamo admits no prórroga
    term_suspend(term=term, cause="incompleta", starts_on=timezone.localdate(),
                 actor=back_office, document_reference="OF-1")
    page = client.get(url).content.decode()
    assert resume in page and suspend not in page and extend not in page
    client.force_login(gerente)
    page = client.get(url).content.decode()
    assert resume not in page and suspend not in page
