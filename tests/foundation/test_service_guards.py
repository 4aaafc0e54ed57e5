"""
The write services refuse an actor the policy does not allow, whatever calls them.

No HTTP here: these are the calls a view, a task or a shell would make. SYSTEM
(actor None) stays allowed where unattended callers exist (assignment at
registration, the citizen's recurso, closures, the end of a suspension).
"""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from caserecord.models import Event as CaseEvent
from compliance import services as compliance_services
from compliance.models import ExtraClosure
from field_visits import policy as visit_policy
from field_visits import services as visit_services
from field_visits.models import RevisionOrder
from intake import policy as intake_policy
from intake import services as intake_services
from intake.choices import CaseKind, CaseStatus, Channel, NotifyBy
from intake.models import PaymentAgreement
from intake.services.agreements import agreement_create
from intake.services.desk import case_register_at_desk, cases_bulk_assign
from pqr_portal.roles import Role
from responses import policy as response_policy
from responses import services as response_services
from responses.models import Recurso, Response, ResponseTemplate
from tests.factories import CustomerFactory, make_case, make_user

pytestmark = pytest.mark.django_db

TEMPLATE = "Reclamo por alto consumo: no accede (consumo verificado)"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def team(db):
    return {role: make_user(role, username=f"g-{role.value}") for role in (
        Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.BRIGADISTA, Role.COORDINADOR, Role.AUXILIAR,
        Role.GERENTE)}


def _working_case(team, **kwargs):
    case = make_case(**kwargs)
    return intake_services.case_transition(case=case, to_status=CaseStatus.EN_TRAMITE,
                                           actor=team[Role.BACK_OFFICE])


def _in_review(team, case=None):
    back = team[Role.BACK_OFFICE]
    case = case or _working_case(team)
    response = response_services.response_create(
        case=case, actor=back, template=ResponseTemplate.objects.get(name=TEMPLATE))
    return response_services.response_submit(response=response, actor=back)


# --- responses -------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.BRIGADISTA, Role.BACK_OFFICE, Role.FRONT_OFFICE,
                                  Role.GERENTE])
def test_only_the_coordinator_approves_an_answer(team, role):
    response = _in_review(team)
    events = CaseEvent.objects.filter(case=response.case).count()
    with pytest.raises(PermissionDenied):
        response_services.response_approve(response=response, actor=team[role])
    with pytest.raises(PermissionDenied):
        response_services.response_return(response=response, actor=team[role], comment="No")
    response.refresh_from_db()
    assert response.status == Response.Status.EN_REVISION and response.approved_by is None
    assert CaseEvent.objects.filter(case=response.case).count() == events
    approved = response_services.response_approve(response=response,
                                                  actor=team[Role.COORDINADOR])
    assert approved.status == Response.Status.APROBADA


def test_drafting_and_issuing_are_for_the_back_office_and_coordinator(team):
    case = _working_case(team)
    template = ResponseTemplate.objects.get(name=TEMPLATE)
    for role in (Role.FRONT_OFFICE, Role.AUXILIAR, Role.BRIGADISTA, Role.GERENTE):
        with pytest.raises(PermissionDenied):
            response_services.response_create(case=case, actor=team[role], template=template)
    assert not case.responses.exists()
    response = _in_review(team, case)
    response_services.response_approve(response=response, actor=team[Role.COORDINADOR])
    for role in (Role.FRONT_OFFICE, Role.BRIGADISTA, Role.GERENTE, Role.AUXILIAR):
        with pytest.raises(PermissionDenied):
            response_services.response_issue(response=response, actor=team[role])
    with pytest.raises(PermissionDenied):
        response_services.response_issue(response=response, actor=None)  # no task issues
    response.refresh_from_db()
    assert response.status == Response.Status.APROBADA


def _issued(team, **case_kwargs):
    response = _in_review(team, _working_case(team, **case_kwargs))
    response_services.response_approve(response=response, actor=team[Role.COORDINADOR])
    return response_services.response_issue(response=response, actor=team[Role.BACK_OFFICE])


def test_notification_is_recorded_by_the_desk_and_the_back_office_only(team):
    letter = _issued(team)
    notification = letter.notification
    for role in (Role.BRIGADISTA, Role.GERENTE, Role.AUXILIAR):
        with pytest.raises(PermissionDenied):
            response_services.notification_record_appearance(
                notification=notification, actor=team[role], received_by_name="Ana")
        with pytest.raises(PermissionDenied):
            response_services.notification_send_citation(notification=notification,
                                                         actor=team[role])
    notification.refresh_from_db()
    assert notification.notified_at is None and notification.citation_sent_at is None
    done = response_services.notification_record_appearance(
        notification=notification, actor=team[Role.FRONT_OFFICE], received_by_name="Ana")
    assert done.notified_at is not None


def test_recursos_by_case_workers_and_the_public_form_not_the_field_or_the_gerente(team):
    letter = _issued(team, notify_by=NotifyBy.EMAIL, notify_email="u@example.com",
                     electronic_consent=True)
    response_services.notification_open(token=letter.notification.token)
    case = letter.case
    for role in (Role.BRIGADISTA, Role.GERENTE):
        with pytest.raises(PermissionDenied):
            response_services.recurso_file(decision_case=case, actor=team[role],
                                           kind=CaseKind.RECURSO_REPOSICION,
                                           description="No estoy de acuerdo.")
    assert not Recurso.objects.exists()
    # The citizen's public form (SYSTEM) may.
    recurso = response_services.recurso_file(decision_case=case, actor=None, via_public=True,
                                             kind=CaseKind.RECURSO_REPOSICION_APELACION,
                                             description="No estoy de acuerdo.")
    assert recurso.in_window
    remission = response_services.remission_open(recurso=recurso, at=timezone.now())
    for role in (Role.AUXILIAR, Role.FRONT_OFFICE, Role.BRIGADISTA, Role.GERENTE):
        with pytest.raises(PermissionDenied):
            response_services.remission_build_expediente(remission=remission, actor=team[role])
        with pytest.raises(PermissionDenied):
            response_services.remission_record_decision(
                remission=remission, actor=team[role], decision="confirma", text="x",
                decided_on=timezone.localdate())
    remission.refresh_from_db()
    assert remission.expediente_id is None and not remission.sspd_decision


def test_a_late_recurso_taken_at_the_desk_still_drafts_its_rejection(team):
    """The front office may not draft, but the rejection a late recurso needs is drafted."""
    letter = _issued(team)
    notification = letter.notification
    response_services.notification_record_appearance(
        notification=notification, actor=team[Role.FRONT_OFFICE], received_by_name="Ana",
        at=timezone.now() - timedelta(days=30))
    recurso = response_services.recurso_file(
        decision_case=letter.case, actor=team[Role.FRONT_OFFICE],
        kind=CaseKind.RECURSO_REPOSICION, description="Tarde, pero no estoy de acuerdo.")
    assert not recurso.in_window
    assert recurso.case.responses.get().created_by == team[Role.FRONT_OFFICE]


# --- field visits ------------------------------------------------------------------------

def test_visits_are_programmed_by_the_office_and_worked_by_their_brigadista(team):
    case = _working_case(team)
    for role in (Role.BRIGADISTA, Role.FRONT_OFFICE, Role.GERENTE, Role.AUXILIAR):
        with pytest.raises(PermissionDenied):
            visit_services.order_create(case=case, actor=team[role], reason="alto_consumo",
                                        address="Calle 1")
    assert not RevisionOrder.objects.filter(case=case).exists()
    order = visit_services.order_create(case=case, actor=team[Role.BACK_OFFICE],
                                        reason="alto_consumo", address="Calle 1")
    day = timezone.localdate() + timedelta(days=1)
    with pytest.raises(PermissionDenied):
        visit_services.visit_schedule(order=order, brigadista=team[Role.BRIGADISTA],
                                      planned_date=day, window_start=time(8),
                                      window_end=time(10), actor=team[Role.BRIGADISTA])
    with pytest.raises(PermissionDenied):
        visit_services.order_cancel(order=order, actor=team[Role.GERENTE], reason="x")
    visit, _ = visit_services.visit_schedule(
        order=order, brigadista=team[Role.BRIGADISTA], planned_date=day, window_start=time(8),
        window_end=time(10), actor=team[Role.COORDINADOR])
    other = make_user(Role.BRIGADISTA, username="g-otro")
    for actor in (other, team[Role.COORDINADOR]):
        with pytest.raises(PermissionDenied):
            visit_services.visit_safety_check(visit=visit, actor=actor,
                                              items=list(visit_services.SAFETY_ITEMS))
    checked = visit_services.visit_safety_check(visit=visit, actor=team[Role.BRIGADISTA],
                                                items=list(visit_services.SAFETY_ITEMS))
    assert checked.safety_checked_at is not None


# --- terms, calendar, assignment, agreements, registration ---------------------------------

def test_terms_are_adjusted_by_the_back_office_and_coordinator(team):
    case = _working_case(team)
    for role in (Role.FRONT_OFFICE, Role.BRIGADISTA, Role.AUXILIAR, Role.GERENTE):
        with pytest.raises(PermissionDenied):
            compliance_services.term_extend(term=case.response_term, extra_days=2,
                                            actor=team[role], reasons="x", letter_radicado="S-1",
                                            letter_issued_at=timezone.now())
        with pytest.raises(PermissionDenied):
            response_services.term_extension_grant(term=case.response_term, extra_days=2,
                                                   reasons="x", actor=team[role])
        with pytest.raises(PermissionDenied):
            response_services.term_suspension_for_pruebas(term=case.response_term,
                                                          reasons="x", actor=team[role])
        with pytest.raises(PermissionDenied):
            compliance_services.term_suspend(term=case.response_term, cause="incompleta",
                                             starts_on=timezone.localdate(), actor=team[role])
    assert not case.response_term.adjustments.exists()


def test_closures_by_the_coordinator_or_the_system_only(team):
    day = date(timezone.localdate().year + 1, 3, 3)
    with pytest.raises(PermissionDenied):
        compliance_services.closure_save(closure=None, day=day, name="x",
                                         formally_adopted=False, actor=team[Role.BACK_OFFICE])
    assert not ExtraClosure.objects.filter(date=day).exists()
    closure = compliance_services.closure_save(closure=None, day=day, name="x",
                                               formally_adopted=False, actor=None)
    with pytest.raises(PermissionDenied):
        compliance_services.closure_delete(closure=closure, actor=team[Role.GERENTE])
    compliance_services.closure_delete(closure=closure, actor=team[Role.COORDINADOR])


def test_assignment_by_assigners_and_the_system_at_registration(team):
    case = make_case()
    gestor = team[Role.BACK_OFFICE]
    for role in (Role.FRONT_OFFICE, Role.BRIGADISTA, Role.GERENTE):
        with pytest.raises(PermissionDenied):
            intake_services.case_assign(case=case, assignee=gestor, actor=team[role])
        with pytest.raises(PermissionDenied):
            cases_bulk_assign(cases=[case], actor=team[role], assignee=gestor)
    case.refresh_from_db()
    assert case.assignee is None and case.status == CaseStatus.RADICADO
    assigned = make_case(assignee=gestor)  # registration by SYSTEM with an assignee
    assigned.refresh_from_db()
    assert assigned.assignee == gestor
    done = intake_services.case_assign(case=case, assignee=gestor, actor=team[Role.AUXILIAR])
    assert done.assignee == gestor


def test_agreements_and_desk_registration_refuse_the_field_and_the_gerente(team):
    customer = CustomerFactory()
    for role in (Role.BRIGADISTA, Role.GERENTE, Role.BACK_OFFICE):
        with pytest.raises(PermissionDenied):
            agreement_create(customer=customer, account_number="1", debt_amount=Decimal("100"),
                             down_payment=Decimal("10"), installments=2,
                             monthly_interest_rate=Decimal("1"),
                             first_due_date=timezone.localdate() + timedelta(days=5),
                             actor=team[role])
    assert not PaymentAgreement.objects.exists()
    for role in (Role.BRIGADISTA, Role.GERENTE):
        with pytest.raises(PermissionDenied):
            case_register_at_desk(
                customer_data={"id_type": customer.id_type, "id_number": customer.id_number},
                channel=Channel.PRESENCIAL, actor=team[role], kind=CaseKind.PETICION,
                description="x")
    assert not customer.cases.exists()


# --- object-level rules ------------------------------------------------------------------

def test_a_brigadista_sees_and_works_only_their_own(team):
    brig, other = team[Role.BRIGADISTA], make_user(Role.BRIGADISTA, username="g-otra")
    case = _working_case(team)
    order = visit_services.order_create(case=case, actor=team[Role.BACK_OFFICE],
                                        reason="alto_consumo", address="Calle 1")
    visit, _ = visit_services.visit_schedule(
        order=order, brigadista=brig, planned_date=timezone.localdate() + timedelta(days=1),
        window_start=time(8), window_end=time(10), actor=team[Role.BACK_OFFICE])
    order.refresh_from_db()
    assert intake_policy.can_view_case(brig, case) and not intake_policy.can_view_case(other, case)
    assert visit_policy.can_view_order(brig, order) and not visit_policy.can_view_order(other, order)
    assert visit_policy.can_work_visit(brig, visit) and not visit_policy.can_work_visit(other, visit)
    assert not visit_policy.can_work_visit(team[Role.COORDINADOR], visit)
    assert intake_policy.can_view_case(team[Role.GERENTE], case)
    assert not intake_policy.can_change_status(team[Role.GERENTE], case)
    assert not response_policy.can_view_responses(brig, case)


def test_anonymous_users_are_not_the_system():
    """A logged-out request is refused everything; only None (a task) acts as SYSTEM."""
    from django.contrib.auth.models import AnonymousUser

    assert intake_policy.can_assign(None) and not intake_policy.can_assign(AnonymousUser())
    assert response_policy.can_file_recurso(None)
    assert not response_policy.can_file_recurso(AnonymousUser())
