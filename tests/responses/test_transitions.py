"""The answer's transition table, enforced by its services (no HTTP)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from caserecord.models import Event
from caserecord.services import record_history
from intake.choices import CaseStatus
from pqr_portal.roles import Role
from responses import services
from responses.models import IssuedLetter, Response, ResponseTemplate, ReviewAction
from responses.transitions import RESPONSE_TABLE
from tests.factories import make_case
from tests.responses.conftest import approved_response, working

pytestmark = pytest.mark.django_db
TEMPLATE = "Reclamo por alto consumo: no accede (consumo verificado)"


def draft(back):
    case = make_case(actor=back)
    working(case, back)
    return services.response_create(case=case, actor=back,
                                    template=ResponseTemplate.objects.get(name=TEMPLATE))


def in_review(back):
    response = draft(back)
    return services.response_submit(response=response, actor=back)


def test_table_offers_the_reviewer_only_the_review_moves():
    assert set(RESPONSE_TABLE.allowed_targets("en_revision", {Role.COORDINADOR})) == {
        "devuelta", "aprobada"}
    assert RESPONSE_TABLE.allowed_targets("en_revision", {Role.BACK_OFFICE}) == []
    assert RESPONSE_TABLE.allowed_targets("aprobada", {Role.BACK_OFFICE}) == ["emitida"]
    assert RESPONSE_TABLE.allowed_targets("emitida", {Role.COORDINADOR}) == []


def test_submit_moves_the_draft_and_writes_its_event_on_the_answer(back_office):
    response = draft(back_office)
    services.response_submit(response=response, actor=back_office)
    response.refresh_from_db()
    assert response.status == Response.Status.EN_REVISION
    event = record_history(response).get(kind="response.submitted")
    assert event.case_id == response.case_id and event.actor == back_office
    assert (event.data["from"], event.data["to"]) == ("borrador", "en_revision")


def test_front_office_may_not_submit_and_nothing_is_written(back_office, front_office):
    response = draft(back_office)
    case_status = response.case.status
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.response_submit(response=response, actor=front_office)
    response.refresh_from_db()
    response.case.refresh_from_db()
    assert response.status == Response.Status.BORRADOR
    assert response.case.status == case_status
    assert Event.objects.count() == before
    assert not ReviewAction.objects.filter(response=response).exists()


def test_back_office_may_not_approve_or_return(back_office):
    response = in_review(back_office)
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.response_approve(response=response, actor=back_office)
    with pytest.raises(PermissionDenied):
        services.response_return(response=response, actor=back_office, comment="Corrija")
    response.refresh_from_db()
    response.case.refresh_from_db()
    assert response.status == Response.Status.EN_REVISION and response.approved_by is None
    assert response.case.status == CaseStatus.RESPUESTA_EN_REVISION
    assert Event.objects.count() == before


def test_coordinator_return_and_approve_write_their_events(back_office, coordinador):
    response = in_review(back_office)
    services.response_return(response=response, actor=coordinador, comment="Cite el artículo.")
    returned = record_history(response).get(kind="response.returned")
    assert returned.note == "Cite el artículo."
    assert (returned.data["from"], returned.data["to"]) == ("en_revision", "devuelta")
    services.response_submit(response=response, actor=back_office)  # devuelta -> en_revision
    services.response_approve(response=response, actor=coordinador)
    response.refresh_from_db()
    assert response.status == Response.Status.APROBADA
    approved = record_history(response).get(kind="response.approved")
    assert (approved.data["from"], approved.data["to"]) == ("en_revision", "aprobada")
    assert record_history(response).filter(kind="response.submitted").count() == 2


def test_a_draft_is_not_approved_nor_issued(back_office, coordinador):
    response = draft(back_office)
    before = Event.objects.count()
    with pytest.raises(ValidationError, match="Solo se aprueba una respuesta en revisión"):
        services.response_approve(response=response, actor=coordinador)
    with pytest.raises(ValidationError, match="Solo se emite una respuesta aprobada"):
        services.response_issue(response=response, actor=back_office)
    response.refresh_from_db()
    assert response.status == Response.Status.BORRADOR
    assert Event.objects.count() == before


def test_issue_by_the_drafter_writes_its_event_and_a_manager_may_not(
        back_office, coordinador, gerente):
    response = approved_response(make_case(actor=back_office), back_office, coordinador)
    before = Event.objects.count()
    with pytest.raises(PermissionDenied):
        services.response_issue(response=response, actor=gerente)
    assert Event.objects.count() == before and not IssuedLetter.objects.exists()
    letter = services.response_issue(response=response, actor=back_office)
    response.refresh_from_db()
    assert response.status == Response.Status.EMITIDA
    issued = record_history(response).get(kind="response.issued")
    assert issued.data["letter_id"] == letter.pk
    assert (issued.data["from"], issued.data["to"]) == ("aprobada", "emitida")
