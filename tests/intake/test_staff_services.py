"""Staff services of intake: registration per channel, transitions, annulment, assignment."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from caserecord.models import Event as CaseEvent
from compliance.models import Term
from intake import services
from intake.choices import CaseKind, CaseStatus, Channel
from intake.models import Case, PaymentAgreement
from intake.services.agreements import agreement_create, agreement_set_status, schedule_for
from intake.services.assignment import round_robin_next
from intake.services.desk import cases_bulk_assign, quick_answer_register
from intake.workflow import TransitionNotAllowed
from pqr_portal.roles import Role
from tests.factories import CustomerFactory, make_case, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("channel", "kind", "verbal"), [
    (Channel.PRESENCIAL, CaseKind.RECLAMO, True),
    (Channel.TELEFONICO, CaseKind.QUEJA, True),
    (Channel.ESCRITO, CaseKind.PETICION, False),
    (Channel.CORREO, CaseKind.RECURSO_REPOSICION, False),
    (Channel.WEB, CaseKind.RECLAMO, False),
    (Channel.SSPD, CaseKind.SOLICITUD_SSPD, False),
])
def test_registration_per_channel_writes_case_term_and_filing_event(front_office, channel, kind,
                                                                    verbal):
    case = make_case(actor=front_office, channel=channel, kind=kind,
                     verbal_record="verbal" if verbal else "")
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO
    assert case.is_verbal is verbal
    assert case.created_by == front_office
    assert case.response_term is not None and case.response_term.due_date > case.filed_at.date()
    event = case.events.get(kind="case.filed")
    assert event.actor == front_office
    assert event.data["channel"] == channel
    assert event.data["verbal"] is verbal
    assert event.data["verbal_record"] == ("verbal" if verbal else "")


def test_sspd_without_deadline_gets_the_default_business_days(front_office):
    case = make_case(actor=front_office, channel=Channel.SSPD, kind=CaseKind.SOLICITUD_SSPD,
                     external_reference="SSPD-2026-77")
    assert case.response_term.unit == Term.Unit.BUSINESS_DAYS
    assert case.response_term.length == 10


def test_tutela_takes_the_typed_deadline_and_refuses_none(front_office):
    deadline = timezone.now() + timedelta(hours=48)
    case = make_case(actor=front_office, channel=Channel.JUZGADO, kind=CaseKind.TUTELA,
                     hand_deadline_at=deadline, external_reference="T-2026-0001")
    assert case.response_term.due_at == deadline
    assert case.response_term.unit == Term.Unit.FIXED
    before = Case.objects.count()
    with pytest.raises(ValidationError):
        make_case(actor=front_office, channel=Channel.JUZGADO, kind=CaseKind.TUTELA)
    assert Case.objects.count() == before


def test_allowed_transition_writes_status_and_event(back_office):
    case = make_case(actor=back_office)
    services.case_transition(case=case, to_status=CaseStatus.EN_TRAMITE, actor=back_office,
                             note="Revisando")
    case.refresh_from_db()
    assert case.status == CaseStatus.EN_TRAMITE
    event = case.events.get(kind="case.status_changed")
    assert event.data["from"] == "radicado" and event.data["to"] == "en_tramite"
    assert event.note == "Revisando" and event.actor == back_office


@pytest.mark.parametrize(("role", "target"), [
    (Role.FRONT_OFFICE, CaseStatus.RESPUESTA_EN_REVISION),
    (Role.GERENTE, CaseStatus.EN_TRAMITE),
    (Role.BRIGADISTA, CaseStatus.EN_TRAMITE),
    (Role.BACK_OFFICE, CaseStatus.ANULADO),
    (Role.BACK_OFFICE, CaseStatus.NOTIFICADO),
])
def test_forbidden_transition_writes_nothing(role, target):
    actor = make_user(role)
    case = make_case()
    events_before = case.events.count()
    with pytest.raises(TransitionNotAllowed):
        services.case_transition(case=case, to_status=target, actor=actor)
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO
    assert case.events.count() == events_before


def test_annulment_keeps_the_number_and_needs_a_reason(coordinador):
    case = make_case()
    with pytest.raises(ValidationError):
        services.case_annul(case=case, reason="   ", actor=coordinador)
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO
    assert not case.events.filter(kind="case.status_changed").exists()

    services.case_annul(case=case, reason="Radicado dos veces por error", actor=coordinador)
    case.refresh_from_db()
    assert case.status == CaseStatus.ANULADO
    assert case.annulment_reason == "Radicado dos veces por error"
    assert Case.objects.filter(radicado=case.radicado).count() == 1
    assert case.response_term.cancelled_at is not None or case.terms.filter(
        cancelled_at__isnull=False).exists()
    # The next case takes the next number: the annulled one is never reused.
    nxt = make_case()
    assert int(nxt.radicado.split("-")[-1]) == int(case.radicado.split("-")[-1]) + 1


def test_only_the_coordinator_annuls(back_office):
    case = make_case()
    with pytest.raises(PermissionDenied):  # the policy refuses first
        services.case_annul(case=case, reason="No corresponde", actor=back_office)
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO and case.annulment_reason == ""


def test_manual_assignment_moves_radicado_to_asignado(coordinador, back_office):
    case = make_case()
    services.case_assign(case=case, assignee=back_office, actor=coordinador)
    case.refresh_from_db()
    assert case.assignee == back_office and case.status == CaseStatus.ASIGNADO
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["case.assigned", "case.status_changed"]


def test_round_robin_takes_back_office_gestores_in_turn(coordinador):
    team = [make_user(Role.BACK_OFFICE) for _ in range(3)]
    make_user(Role.FRONT_OFFICE)  # not in the group: never chosen
    cases = [make_case() for _ in range(4)]
    result = cases_bulk_assign(cases=Case.objects.filter(pk__in=[c.pk for c in cases])
                               .order_by("pk"), actor=coordinador, round_robin=True)
    assert [c.assignee for c in result.assigned] == [team[0], team[1], team[2], team[0]]
    assert [u.pk for u in round_robin_next()] == [team[1].pk]
    assert CaseEvent.objects.filter(kind="case.assigned").count() == 4


def test_bulk_assignment_skips_closed_cases(coordinador, back_office):
    open_case, closed = make_case(), make_case()
    services.case_annul(case=closed, reason="Error", actor=coordinador)
    result = cases_bulk_assign(cases=Case.objects.filter(pk__in=[open_case.pk, closed.pk]),
                               actor=coordinador, assignee=back_office)
    assert [c.pk for c in result.assigned] == [open_case.pk]
    assert [c.pk for c in result.skipped] == [closed.pk]
    closed.refresh_from_db()
    assert closed.assignee is None


def test_quick_answer_is_closed_at_once_with_what_was_said(front_office):
    customer = CustomerFactory()
    case = quick_answer_register(customer=customer, channel=Channel.PRESENCIAL, topic="tarifas",
                                 question="¿Cuánto vale el kWh?", answer="$ 850 en estrato 3",
                                 actor=front_office)
    case.refresh_from_db()
    assert case.status == CaseStatus.CERRADO
    assert case.kind == CaseKind.PETICION_DOCUMENTOS and case.is_verbal
    assert case.first_contact_answer == "$ 850 en estrato 3"
    assert case.response_term.met_at is not None
    assert case.response_term.band == Term.Band.CUMPLIDO
    assert list(case.events.values_list("kind", flat=True)) == [
        "case.filed", "case.quick_answer", "case.status_changed"]


def test_schedule_pays_the_financed_balance_exactly():
    rows = schedule_for(debt=Decimal("1200000"), down_payment=Decimal("200000"), installments=6,
                        monthly_rate_percent=Decimal("1.5"), first_due_date=date(2027, 1, 31))
    assert len(rows) == 6
    assert sum(r.principal for r in rows) == Decimal("1000000.00")
    assert rows[-1].balance == Decimal("0.00")
    assert [r.due_date for r in rows[:3]] == [date(2027, 1, 31), date(2027, 2, 28),
                                              date(2027, 3, 31)]
    assert rows[0].interest == Decimal("15000.00")
    flat = schedule_for(debt=Decimal("900"), down_payment=Decimal("0"), installments=3,
                        monthly_rate_percent=Decimal("0"), first_due_date=date(2027, 1, 1))
    assert [r.payment for r in flat] == [Decimal("300.00")] * 3


def test_agreement_numbers_in_its_own_series_and_validates(front_office):
    customer = CustomerFactory()
    case = make_case(customer=customer)
    first = agreement_create(customer=customer, case=case, account_number="1234",
                             debt_amount=Decimal("500000"), down_payment=Decimal("100000"),
                             installments=4, monthly_interest_rate=Decimal("1.2"),
                             first_due_date=timezone.localdate() + timedelta(days=30),
                             actor=front_office)
    year = timezone.localdate().year
    assert first.number == f"AP-{year}-00001"
    assert case.events.filter(kind="agreement.created").exists()
    with pytest.raises(ValidationError) as exc:
        agreement_create(customer=customer, account_number="1234", debt_amount=Decimal("100"),
                         down_payment=Decimal("100"), installments=0,
                         monthly_interest_rate=Decimal("9"),
                         first_due_date=timezone.localdate() - timedelta(days=1),
                         actor=front_office)
    assert set(exc.value.message_dict) == {"down_payment", "installments",
                                           "monthly_interest_rate", "first_due_date"}
    assert PaymentAgreement.objects.count() == 1
    agreement_set_status(agreement=first, status=PaymentAgreement.Status.FIRMADO,
                         actor=front_office)
    with pytest.raises(ValidationError):
        agreement_set_status(agreement=first, status=PaymentAgreement.Status.BORRADOR,
                             actor=front_office)
    first.refresh_from_db()
    assert first.status == PaymentAgreement.Status.FIRMADO
