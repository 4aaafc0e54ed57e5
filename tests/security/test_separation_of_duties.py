"""
Separation of duties (issue 11, item 9): each test tries the attack.

- A coordinator approving the answer they drafted or edited themselves.
- A payment agreement attached to another customer's case.
- A brigadista keeping access to a case after their visits on it ended.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from field_visits import services as visit_services
from intake.models import PaymentAgreement
from intake.services.agreements import AGREEMENT_OTHER_CUSTOMER, agreement_create
from pqr_portal.roles import Role
from responses import services
from responses.models import Response, ResponseTemplate
from tests.factories import CustomerFactory, make_case, make_user
from tests.field_visits.helpers import make_order, schedule, submit_acta
from tests.responses.conftest import working

pytestmark = pytest.mark.django_db
TEMPLATE = "Reclamo por alto consumo: no accede (consumo verificado)"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- the coordinator and their own draft ------------------------------------------------

def _submitted_by(drafter, case):
    response = services.response_create(case=case, actor=drafter,
                                        template=ResponseTemplate.objects.get(name=TEMPLATE))
    services.response_submit(response=response, actor=drafter)
    return response


def test_a_coordinator_cannot_approve_the_draft_they_wrote(client, coordinador):
    case = make_case(actor=coordinador)
    working(case, coordinador)
    response = _submitted_by(coordinador, case)
    with pytest.raises(PermissionDenied):
        services.response_approve(response=response, actor=coordinador)
    # Through the page too: no approve button, and the POST is refused.
    client.force_login(coordinador)
    url = reverse("responses:review", args=[response.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="approve"' not in page.content.decode()
    assert "otro coordinador debe aprobarla" in page.content.decode()
    assert client.post(url, {"action": "approve"}).status_code == 403
    response.refresh_from_db()
    assert response.status == Response.Status.EN_REVISION
    assert response.approved_by is None
    # Another coordinator approves it.
    other = make_user(Role.COORDINADOR, username="coord2")
    assert services.response_approve(response=response, actor=other).approved_by == other


def test_a_coordinator_who_edited_someone_elses_draft_cannot_approve_it(back_office,
                                                                        coordinador):
    case = make_case(actor=back_office)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office,
                                        template=ResponseTemplate.objects.get(name=TEMPLATE))
    # The coordinator (a case handler) saves a version of the back office's draft...
    services.response_save(
        response=response, actor=coordinador, answer_kind=response.answer_kind,
        body_html=response.body_html + "<p>Texto del coordinador.</p>",
        decision=response.decision, admits_recursos=response.admits_recursos,
        recursos_text=response.recursos_text, payment_reminder=response.payment_reminder)
    services.response_submit(response=response, actor=back_office)
    # ... and so may not approve it; returning it is still theirs.
    with pytest.raises(PermissionDenied):
        services.response_approve(response=response, actor=coordinador)
    services.response_return(response=response, actor=coordinador, comment="Revise la cifra.")
    response.refresh_from_db()
    assert response.status == Response.Status.DEVUELTA


def test_a_coordinator_approves_a_draft_written_by_someone_else(client, back_office,
                                                                coordinador):
    case = make_case(actor=back_office)
    working(case, back_office)
    response = _submitted_by(back_office, case)
    client.force_login(coordinador)
    page = client.get(reverse("responses:review", args=[response.pk]))
    assert 'value="approve"' in page.content.decode()
    assert services.response_approve(response=response, actor=coordinador).status == "aprobada"


# --- payment agreements and other people's cases ----------------------------------------

AGREEMENT = {"account_number": "1000001", "debt_amount": Decimal("600000"),
             "down_payment": Decimal("100000"), "installments": 5,
             "monthly_interest_rate": Decimal("0")}


def test_an_agreement_cannot_be_attached_to_another_customers_case(front_office):
    owner, stranger = CustomerFactory(), CustomerFactory()
    their_case = make_case(customer=owner, actor=front_office)
    first_due = timezone.localdate() + timedelta(days=30)
    with pytest.raises(ValidationError) as refused:
        agreement_create(customer=stranger, case=their_case, actor=front_office,
                         first_due_date=first_due, **AGREEMENT)
    assert str(AGREEMENT_OTHER_CUSTOMER) in refused.value.messages
    assert not PaymentAgreement.objects.exists()
    assert not their_case.events.filter(kind="agreement.created").exists()
    # The owner's own case is fine.
    agreement = agreement_create(customer=owner, case=their_case, actor=front_office,
                                 first_due_date=first_due, **AGREEMENT)
    assert agreement.case == their_case


def test_the_agreement_page_refuses_another_customers_case(client, front_office):
    owner, stranger = CustomerFactory(), CustomerFactory()
    their_case = make_case(customer=owner, actor=front_office)
    client.force_login(front_office)
    data = {**{k: str(v) for k, v in AGREEMENT.items()},
            "first_due_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "caso": str(their_case.pk)}
    page = client.post(reverse("intake:agreement-new", args=[stranger.pk]), data)
    assert page.status_code == 400
    assert "El caso es de otro usuario" in page.content.decode()
    assert not PaymentAgreement.objects.exists()


# --- a brigadista's access ends with their visits -----------------------------------------

def _can_open(client, case) -> bool:
    return client.get(reverse("intake:case-detail", args=[case.pk])).status_code == 200


def test_a_brigadista_loses_the_case_when_the_visit_is_executed(client, back_office,
                                                               brigadista):
    case = make_case(actor=back_office)
    order = make_order(case, back_office)
    visit, _warnings = schedule(order, brigadista, back_office)
    client.force_login(brigadista)
    assert _can_open(client, case)
    assert client.get(reverse("field_visits:order-detail", args=[order.pk])).status_code == 200
    visit_services.visit_safety_check(visit=visit, actor=brigadista,
                                      items=list(visit_services.SAFETY_ITEMS))
    acta = submit_acta(visit, brigadista)
    assert not _can_open(client, case)
    assert client.get(reverse("intake:case-list")).content.decode().count(case.radicado) == 0
    assert client.get(reverse("field_visits:order-detail", args=[order.pk])).status_code == 404
    # Their own visit and acta stay readable, without the customer's data or the case link.
    page = client.get(reverse("field_visits:visit-detail", args=[visit.pk])).content.decode()
    assert case.customer.phone not in page and case.description not in page
    acta_page = client.get(reverse("field_visits:acta-detail", args=[acta.pk]))
    assert acta_page.status_code == 200
    assert case.get_absolute_url() not in acta_page.content.decode()


def test_a_brigadista_loses_the_case_when_the_visit_fails_or_is_moved_to_someone_else(
        client, back_office, brigadista):
    case = make_case(actor=back_office)
    order = make_order(case, back_office)
    visit, _warnings = schedule(order, brigadista, back_office)
    client.force_login(brigadista)
    visit_services.visit_fail(visit=visit, actor=brigadista, reason="nadie_en_casa")
    assert not _can_open(client, case)
    # Programmed again, for another brigadista: still nothing for the first one.
    other = make_user(Role.BRIGADISTA, username="brig-otra")
    schedule(order, other, back_office, day=timezone.localdate() + timedelta(days=1))
    assert not _can_open(client, case)
    client.force_login(other)
    assert _can_open(client, case)


def test_a_brigadista_cannot_attach_to_a_case_after_the_visit(client, back_office, brigadista):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_case(actor=back_office)
    visit, _warnings = schedule(make_order(case, back_office), brigadista, back_office)
    visit_services.visit_fail(visit=visit, actor=brigadista, reason="nadie_en_casa")
    client.force_login(brigadista)
    upload = SimpleUploadedFile("foto.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    answer = client.post(reverse("intake:attachment-upload", args=[case.pk]),
                         {"file": upload, "kind": "otro", "description": "foto"})
    assert answer.status_code in (403, 404)
    assert not case.attachments.exists()
