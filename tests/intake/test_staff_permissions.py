"""Every staff view of intake × every role: allowed, 403, login redirect, 404 for hidden cases."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from django.utils import timezone

from field_visits.models import RevisionOrder, Visit
from intake import services
from intake.choices import CaseStatus
from intake.services.agreements import agreement_create
from pqr_portal.roles import Role
from tests.factories import CustomerFactory, make_case, make_user

pytestmark = pytest.mark.django_db

FO, BO, BR, CO, AU, GE, CI = (Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.BRIGADISTA,
                              Role.COORDINADOR, Role.AUXILIAR, Role.GERENTE, Role.CIUDADANO)
READ_ALL = {FO, BO, CO, AU, GE}
WORKERS = {FO, BO, CO, AU}
ASSIGNERS = {CO, BO, AU}
ALL_ROLES = [FO, BO, BR, CO, AU, GE, CI, None]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# url name -> (method, which object the URL needs, roles allowed)
MATRIX = {
    "case-list": ("get", None, READ_ALL),
    "case-bulk-assign": ("post", None, ASSIGNERS),
    "case-detail": ("get", "case", READ_ALL | {BR}),
    "case-transition": ("post", "case", WORKERS | {BR}),
    "case-assign": ("post", "case", ASSIGNERS),
    "case-annul": ("post", "case", {CO}),
    "case-contact-accept": ("post", "case", WORKERS),
    "attachment-upload": ("post", "case", WORKERS | {BR}),
    "attachment-download": ("get", "attachment", READ_ALL | {BR}),
    "case-receipt": ("get", "case", READ_ALL),
    "registered": ("get", "case", WORKERS),
    "register": ("get", None, WORKERS),
    "duplicate-check": ("get", None, WORKERS),
    "quick-answer": ("get", None, {FO, CO}),  # who may close a radicado at once
    "customer-list": ("get", None, READ_ALL),
    "teams": ("get", None, {CO}),
    "customer-detail": ("get", "customer", READ_ALL),
    "agreement-new": ("get", "customer", {FO, CO}),
    "agreement-detail": ("get", "agreement", {FO, CO}),
    "agreement-pdf": ("get", "agreement", {FO, CO}),
    "agreement-status": ("post", "agreement", {FO, CO}),
}


def test_matrix_covers_every_intake_staff_url():
    names = {p.name for p in get_resolver("intake.urls").url_patterns}
    assert names == set(MATRIX)


@pytest.fixture
def objects(db):
    customer = CustomerFactory()
    case = make_case(customer=customer)
    attachment = services.attachment_add_bytes(case=case, name="soporte.pdf", content=PDF,
                                               mime="application/pdf", actor=None,
                                               kind="evidencia")
    agreement = agreement_create(
        customer=customer, case=case, account_number="123", debt_amount=Decimal("1000"),
        down_payment=Decimal("100"), installments=3, monthly_interest_rate=Decimal("1"),
        first_due_date=timezone.localdate() + timedelta(days=10), actor=make_user(FO))
    return {"case": case, "customer": customer, "attachment": attachment,
            "agreement": agreement}


def _url(name, needs, objects):
    if needs is None:
        return reverse(f"intake:{name}")
    if needs == "attachment":
        att = objects["attachment"]
        return reverse(f"intake:{name}", args=[att.case_id, att.pk])
    return reverse(f"intake:{name}", args=[objects[needs].pk])


def _request(client, method, url):
    data = {"reason": "x", "to_status": "en_tramite", "status": "firmado"} if method == "post" else {}
    return getattr(client, method)(url, data)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ALL_ROLES, ids=lambda r: str(r or "sin_rol"))
def test_permission_matrix(client, objects, name, role):
    method, needs, allowed = MATRIX[name]
    client.force_login(make_user(role))
    response = _request(client, method, _url(name, needs, objects))
    if role not in allowed:
        assert response.status_code == 403
    elif role == BR and needs is not None:
        # A brigadista with no visit on this case: the case does not exist for them.
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302, 400), response.status_code


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_is_sent_to_login(client, objects, name):
    method, needs, _ = MATRIX[name]
    response = _request(client, method, _url(name, needs, objects))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_brigadista_sees_only_cases_with_their_visits(client, objects):
    brig, other = make_user(BR), make_user(BR)
    case = objects["case"]
    order = RevisionOrder.objects.create(number="OR-T-1", case=case, reason="otro",
                                         address="Cra 1", brigadista=brig)
    client.force_login(brig)
    # An order alone is not a visit: the case opens only while a visit of theirs is live.
    assert client.get(reverse("intake:case-detail", args=[case.pk])).status_code == 404
    Visit.objects.create(order=order, brigadista=brig, planned_date=timezone.localdate(),
                         window_start=time(8), window_end=time(10))
    assert client.get(reverse("intake:case-detail", args=[case.pk])).status_code == 200
    att = objects["attachment"]
    assert client.get(reverse("intake:attachment-download",
                              args=[case.pk, att.pk])).status_code == 200
    hidden = make_case()
    assert client.get(reverse("intake:case-detail", args=[hidden.pk])).status_code == 404
    client.force_login(other)
    assert client.get(reverse("intake:case-detail", args=[case.pk])).status_code == 404


def test_attachment_of_another_case_is_404(client, objects):
    client.force_login(make_user(BO))
    other = make_case()
    att = objects["attachment"]
    response = client.get(reverse("intake:attachment-download", args=[other.pk, att.pk]))
    assert response.status_code == 404


def test_gerente_reads_without_action_buttons_and_posts_are_refused(client, objects):
    case = objects["case"]
    client.force_login(make_user(GE))
    page = client.get(reverse("intake:case-detail", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for action in ("case-transition", "case-assign", "case-annul", "attachment-upload"):
        assert f'action="{reverse(f"intake:{action}", args=[case.pk])}"' not in html
    assert "<form" not in html.split("<main", 1)[1]
    assert client.post(reverse("intake:case-transition", args=[case.pk]),
                       {"to_status": "en_tramite"}).status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO


def test_case_page_shows_only_the_moves_the_role_allows(client, objects):
    case = objects["case"]
    client.force_login(make_user(FO))
    html = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    # Taking the case up is the only plain state button; no role gets a final state.
    assert 'value="en_tramite"' in html and 'value="cerrado"' not in html
    assert reverse("intake:case-annul", args=[case.pk]) not in html
    client.force_login(make_user(CO))
    html = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    assert f'action="{reverse("intake:case-annul", args=[case.pk])}"' in html
    assert 'value="cerrado"' not in html
    client.force_login(make_user(BO))
    html = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    for final in ("cerrado", "trasladado", "desistido", "anulado", "respondido", "notificado"):
        assert f'value="{final}"' not in html
    # A traslado is its act, with its letter: a link to its form, not a state button.
    assert reverse("responses:act-traslado", args=[case.pk]) in html


def test_forbidden_move_posted_by_hand_is_refused_and_writes_nothing(client, objects):
    case = objects["case"]
    client.force_login(make_user(FO))
    events = case.events.count()
    response = client.post(reverse("intake:case-transition", args=[case.pk]),
                           {"to_status": "respondido"})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO and case.events.count() == events


def test_upload_validates_content_and_download_returns_the_bytes(client, objects):
    case = objects["case"]
    client.force_login(make_user(BO))
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200,
                             content_type="application/pdf")
    response = client.post(reverse("intake:attachment-upload", args=[case.pk]),
                           {"file": bad, "kind": "evidencia"})
    assert response.status_code == 400
    assert "no es un PDF" in response.content.decode()
    assert case.attachments.count() == 1
    good = SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")
    response = client.post(reverse("intake:attachment-upload", args=[case.pk]),
                           {"file": good, "kind": "evidencia", "description": "Acta firmada"})
    assert response.status_code == 302
    att = case.attachments.latest("pk")
    assert att.description == "Acta firmada" and case.events.filter(
        kind="attachment.added").exists()
    download = client.get(reverse("intake:attachment-download", args=[case.pk, att.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "acta.pdf" in download["Content-Disposition"]


def test_annul_through_the_page_needs_a_reason_and_a_confirmation(client, objects):
    case = objects["case"]
    client.force_login(make_user(CO))
    response = client.post(reverse("intake:case-annul", args=[case.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Indique el motivo" in response.content.decode()
    # A reason without the confirmation box: refused, nothing changes.
    response = client.post(reverse("intake:case-annul", args=[case.pk]),
                           {"reason": "Duplicado del mismo día"})
    assert response.status_code == 400
    assert "no se puede deshacer" in response.content.decode()
    case.refresh_from_db()
    assert case.status != CaseStatus.ANULADO
    response = client.post(reverse("intake:case-annul", args=[case.pk]),
                           {"reason": "Duplicado del mismo día", "confirm": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.ANULADO and case.annulment_reason == "Duplicado del mismo día"


def test_assign_on_the_page_manual_and_round_robin(client, objects):
    case = objects["case"]
    gestor = make_user(BO)
    client.force_login(make_user(CO))
    response = client.post(reverse("intake:case-assign", args=[case.pk]),
                           {"assignee": gestor.pk, "round_robin": "on"})
    assert response.status_code == 400  # both at once: ambiguous
    response = client.post(reverse("intake:case-assign", args=[case.pk]), {"round_robin": "on"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == gestor and case.status == CaseStatus.ASIGNADO


def test_state_button_moves_the_case_with_its_note(client, objects):
    case = objects["case"]
    client.force_login(make_user(BO))
    html = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    assert 'name="to_status" value="en_tramite"' in html
    response = client.post(reverse("intake:case-transition", args=[case.pk]),
                           {"to_status": "en_tramite", "note": "Se revisa la lectura"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.EN_TRAMITE
    assert case.events.filter(kind="case.status_changed",
                              note="Se revisa la lectura").exists()
