"""The beat sweep: bands at the right instants, alerts, daily digest, expiry and SAP risk."""

from datetime import datetime

import pytest
import time_machine
from django.core import mail

from caserecord.models import Event as CaseEvent
from caserecord.models import OutgoingEmail
from caserecord.outbox import email_send
from compliance.models import Alert, NonConformity, Term
from compliance.selectors import case_at_sap_risk
from compliance.services import response_term_met_by
from compliance.sweep import terms_sweep
from compliance.terms import BOGOTA
from pqr_portal.roles import Role
from tests.factories import make_case, make_user

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=0, mm=0, ss=0):
    return datetime(y, m, d, hh, mm, ss, tzinfo=BOGOTA)


FILED = at(2026, 9, 1, 10)  # 15 business days: due Tue 22 Sep 2026


def sweep(now):
    with time_machine.travel(now, tick=False):
        return terms_sweep(now=now)


def band_of(case):
    return Term.objects.get(pk=case.response_term_id).band


@pytest.fixture
def gestor(db):
    return make_user(Role.BACK_OFFICE, username="gestora", email="gestora@pqr.test")


def test_bands_change_at_the_right_instants(gestor):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=gestor)
    assert case.response_term.due_date.isoformat() == "2026-09-22"
    expected = [
        (at(2026, 9, 10, 12), "al_dia"),
        (at(2026, 9, 16, 23, 59, 59), "al_dia"),     # 4 business days left
        (at(2026, 9, 17, 0, 0), "por_vencer"),        # 3 business days left
        (at(2026, 9, 21, 23, 59, 59), "por_vencer"),
        (at(2026, 9, 22, 0, 0), "vence_hoy"),
        (at(2026, 9, 22, 23, 59, 59), "vence_hoy"),
        (at(2026, 9, 23, 0, 0), "vencido"),
    ]
    for now, band in expected:
        sweep(now)
        assert band_of(case) == band, now


def test_second_run_changes_nothing_and_sends_nothing(gestor):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=gestor)
    first = sweep(at(2026, 9, 23, 0, 5))
    assert first["bands"]["vencido"] == 1
    assert first["expired"] == 1
    counts = (Alert.objects.count(), OutgoingEmail.objects.count(), CaseEvent.objects.count(),
              Term.objects.count(), NonConformity.objects.count())
    second = sweep(at(2026, 9, 23, 0, 6))
    assert second == {"bands": {"vencido": 0, "vence_hoy": 0, "por_vencer": 0, "al_dia": 0},
                      "alerts": 0, "digests": 0, "expired": 0, "sap_risk": 0,
                      "suspensions_ended": 0}
    assert counts == (Alert.objects.count(), OutgoingEmail.objects.count(),
                      CaseEvent.objects.count(), Term.objects.count(),
                      NonConformity.objects.count())
    assert band_of(case) == "vencido"


def test_alerts_to_the_assignee_once_per_band(gestor):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=gestor)
        unassigned = make_case(filed_at=FILED)
    sweep(at(2026, 9, 17, 8))
    sweep(at(2026, 9, 17, 9))
    alerts = Alert.objects.filter(recipient=gestor)
    assert [(a.case_id, a.band) for a in alerts] == [(case.pk, "por_vencer")]
    # Nobody owns the other case and there is no coordinator yet: nobody to alert.
    assert not Alert.objects.filter(case=unassigned).exists()
    sweep(at(2026, 9, 22, 8))
    assert sorted(alerts.values_list("band", flat=True)) == ["por_vencer", "vence_hoy"]


def test_digest_is_one_email_per_person_per_day(gestor):
    other = make_user(Role.BACK_OFFICE, username="otro", email="otro@pqr.test")
    with time_machine.travel(FILED, tick=False):
        a = make_case(filed_at=FILED, assignee=gestor)
        b = make_case(filed_at=FILED, assignee=gestor)
        c = make_case(filed_at=FILED, assignee=other)
    sweep(at(2026, 9, 17, 7))
    sweep(at(2026, 9, 17, 12))
    digests = OutgoingEmail.objects.filter(purpose="terms_digest")
    assert sorted(digests.values_list("dedupe_key", flat=True)) == sorted([
        f"terms-digest:{gestor.pk}:2026-09-17", f"terms-digest:{other.pk}:2026-09-17"])
    mine = digests.get(to=["gestora@pqr.test"])
    assert a.radicado in mine.body and b.radicado in mine.body and c.radicado not in mine.body
    for email in list(digests.all()):
        assert email_send(email_id=email.pk)
    assert len(mail.outbox) == 2
    assert {tuple(m.to) for m in mail.outbox} == {("gestora@pqr.test",), ("otro@pqr.test",)}
    # A case assigned later the same day enters por_vencer: its alert, but no second e-mail today.
    with time_machine.travel(at(2026, 9, 17, 11), tick=False):
        late = make_case(filed_at=FILED, assignee=gestor)
    sweep(at(2026, 9, 17, 12))
    assert Alert.objects.filter(term_id=late.response_term_id, emailed_on__isnull=True).exists()
    assert digests.all().count() == 2
    # The next day's digest includes it.
    sweep(at(2026, 9, 18, 7))
    assert digests.all().count() == 3
    tomorrow = digests.get(dedupe_key=f"terms-digest:{gestor.pk}:2026-09-18")
    assert late.radicado in tomorrow.body
    sweep(at(2026, 9, 18, 8))
    assert digests.all().count() == 3


def test_expiry_flags_sap_risk_opens_recognition_and_records_nc_once(gestor):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=gestor)
    result = sweep(at(2026, 9, 23, 0, 1))
    assert result["sap_risk"] == 1
    sweep(at(2026, 9, 23, 0, 2))
    sweep(at(2026, 9, 24, 9))
    case.refresh_from_db()
    assert case_at_sap_risk(case.pk) is True
    event = CaseEvent.objects.get(case=case, kind="case.sap_risk")
    assert event.created_at == at(2026, 9, 23, 0, 1)
    assert event.data == {"term_id": case.response_term_id, "due_date": "2026-09-22"}
    assert "22/09/2026" in event.summary
    assert CaseEvent.objects.filter(created_at__gte=at(2026, 9, 23), kind="case.sap_risk").exists()
    recognition = Term.objects.get(case=case, purpose=Term.Purpose.SAP_RECONOCIMIENTO)
    assert recognition.due_at == at(2026, 9, 26, 0, 0)
    assert recognition.due_date.isoformat() == "2026-09-25"
    assert recognition.band == "por_vencer"
    assert recognition.unit == Term.Unit.CALENDAR_HOURS and recognition.length == 72
    nc = NonConformity.objects.get(case=case)
    assert nc.kind == NonConformity.Kind.DESVIACION_TIEMPO
    assert nc.detected_at == at(2026, 9, 23, 0, 1) and "22/09/2026" in nc.description
    assert nc.term_id == case.response_term_id
    # Answering late later never duplicates the non-conformity.
    assert response_term_met_by(case_id=case.pk, event="dispatch", at=at(2026, 9, 24, 10))
    assert NonConformity.objects.filter(case=case).count() == 1


def test_kinds_without_sap_get_the_nc_but_no_sap_risk(gestor):
    filed = at(2026, 9, 1, 10)
    with time_machine.travel(filed, tick=False):
        case = make_case(filed_at=filed, kind="peticion_documentos", assignee=gestor)
    due = case.response_term.due_date  # 10 business days: 15 Sep
    assert due.isoformat() == "2026-09-15"
    sweep(at(2026, 9, 16, 0, 1))
    case.refresh_from_db()
    assert case_at_sap_risk(case.pk) is False
    assert not Term.objects.filter(case=case, purpose=Term.Purpose.SAP_RECONOCIMIENTO).exists()
    assert NonConformity.objects.filter(case=case).count() == 1
    assert CaseEvent.objects.filter(case=case, kind="term.expired").count() == 1


def test_term_met_in_time_is_never_flagged(gestor):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=gestor)
    assert response_term_met_by(case_id=case.pk, event="dispatch", at=at(2026, 9, 22, 17))
    sweep(at(2026, 9, 23, 0, 1))
    case.refresh_from_db()
    assert band_of(case) == "cumplido"
    assert case_at_sap_risk(case.pk) is False
    assert not NonConformity.objects.exists()


def test_late_answer_without_sweep_still_records_nc(gestor):
    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=gestor)
    assert response_term_met_by(case_id=case.pk, event="dispatch", at=at(2026, 9, 23, 9))
    assert NonConformity.objects.filter(term_id=case.response_term_id).count() == 1


def test_suspended_terms_do_not_run_out(gestor):
    from compliance.services import term_suspend

    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=gestor)
    with time_machine.travel(at(2026, 9, 10, 9), tick=False):
        term_suspend(term=case.response_term, cause="pruebas", starts_on=at(2026, 9, 10).date(),
                     actor=gestor, letter_radicado="S-2026-000010",
                     letter_issued_at=at(2026, 9, 10, 8))
    sweep(at(2026, 9, 30, 9))  # within the 30 business days of a suspension for pruebas
    case.refresh_from_db()
    assert band_of(case) == "al_dia"
    assert case_at_sap_risk(case.pk) is False
    assert not NonConformity.objects.exists()


def test_check_terms_command_runs_the_sweep(gestor):
    from io import StringIO

    from django.core.management import call_command

    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED, assignee=gestor)
    out = StringIO()
    with time_machine.travel(at(2026, 9, 23, 1), tick=False):
        call_command("check_terms", stdout=out)
    assert "check_terms" in out.getvalue()
    assert band_of(case) == "vencido"
    assert case_at_sap_risk(case.pk)


def test_a_case_assigned_while_at_risk_alerts_its_new_assignee(gestor):
    from intake.services import case_assign

    with time_machine.travel(FILED, tick=False):
        case = make_case(filed_at=FILED)
    sweep(at(2026, 9, 17, 8))
    assert not Alert.objects.exists()
    with time_machine.travel(at(2026, 9, 17, 9), tick=False):
        case_assign(case=case, assignee=gestor, actor=None)
    sweep(at(2026, 9, 17, 9, 5))
    assert list(Alert.objects.values_list("recipient_id", "band")) == [(gestor.pk, "por_vencer")]


def test_people_without_an_address_get_alerts_but_no_email():
    nobody = make_user(Role.BACK_OFFICE, username="sincorreo", email="")
    with time_machine.travel(FILED, tick=False):
        make_case(filed_at=FILED, assignee=nobody)
    sweep(at(2026, 9, 17, 8))
    assert Alert.objects.filter(recipient=nobody, emailed_on=at(2026, 9, 17).date()).exists()
    assert not OutgoingEmail.objects.filter(purpose="terms_digest").exists()


def test_unassigned_cases_and_every_company_term_alert_the_coordinators(gestor):
    """
    A citation term (5 business days from Fri 4 Dec 2026; 8 Dec skipped: due Mon 14)
    and a 72-hour SAP recognition alert like the response term; an unassigned case
    alerts every coordinator; the coordinators get one digest of the whole office.
    The citizen's recurso window alerts nobody.
    """
    from compliance.services import term_open

    coord = make_user(Role.COORDINADOR, username="coord-a", email="coord-a@pqr.test")
    coord2 = make_user(Role.COORDINADOR, username="coord-b", email="coord-b@pqr.test")
    created = at(2026, 11, 30, 8)
    with time_machine.travel(created, tick=False):
        owned = make_case(filed_at=created, assignee=gestor)
        orphan = make_case(filed_at=created)
    Term.objects.filter(case__in=[owned, orphan]).update(met_at=created, band="cumplido")
    issued = at(2026, 12, 4, 10)
    with time_machine.travel(issued, tick=False):
        citation = term_open(case_id=owned.pk, purpose=Term.Purpose.CITACION,
                             started_at=issued, business_days=5)
        window = term_open(case_id=owned.pk, purpose=Term.Purpose.RECURSO,
                           started_at=issued, business_days=5)
        ruling = term_open(case_id=orphan.pk, purpose=Term.Purpose.CUMPLIMIENTO_FALLO,
                           started_at=at(2026, 12, 9, 10), hours=72)
    assert citation.due_date.isoformat() == "2026-12-14"
    sweep(at(2026, 12, 10, 8))  # 14 Dec is within 3 business days; the ruling's 72 h end 12 Dec
    alerts = set(Alert.objects.values_list("term_id", "recipient_id", "band"))
    assert (citation.pk, gestor.pk, "por_vencer") in alerts
    assert {(ruling.pk, coord.pk, "por_vencer"), (ruling.pk, coord2.pk, "por_vencer")} <= alerts
    assert not Alert.objects.filter(term=window).exists()
    assert not Alert.objects.filter(term=citation, recipient__in=[coord, coord2]).exists()
    digests = {e.to[0]: e for e in OutgoingEmail.objects.filter(purpose="terms_digest")}
    assert set(digests) == {"gestora@pqr.test", "coord-a@pqr.test", "coord-b@pqr.test"}
    office = digests["coord-a@pqr.test"].body
    assert owned.radicado in office and orphan.radicado in office and "SIN ASIGNAR" in office
    assert "Citación" in digests["gestora@pqr.test"].body
    assert orphan.radicado not in digests["gestora@pqr.test"].body
    sweep(at(2026, 12, 10, 12))
    assert OutgoingEmail.objects.filter(purpose="terms_digest").count() == 3
    # The citation runs out unsent: its non-conformity, once.
    sweep(at(2026, 12, 15, 0, 1))
    sweep(at(2026, 12, 15, 0, 2))
    assert NonConformity.objects.filter(term=citation).count() == 1
    assert not NonConformity.objects.filter(term=window).exists()
    assert CaseEvent.objects.filter(case=owned, kind="term.lapsed").count() == 1


def test_a_failed_visit_alerts_the_owner_of_the_suspended_case(gestor):
    from field_visits import services as visit_services
    from intake import services as intake_services
    from intake.choices import CaseStatus

    brigadista = make_user(Role.BRIGADISTA, username="brig-x")
    with time_machine.travel(at(2026, 9, 10, 9), tick=False):
        case = make_case(filed_at=at(2026, 9, 10, 8), assignee=gestor)
        intake_services.case_transition(case=case, to_status=CaseStatus.EN_TRAMITE, actor=gestor)
        order = visit_services.order_create(case=case, actor=gestor, reason="alto_consumo",
                                            address="Calle 1", zone="Centro", suspend_term=True)
        visit, _ = visit_services.visit_schedule(
            order=order, brigadista=brigadista, planned_date=at(2026, 9, 11).date(),
            window_start=at(2026, 9, 11, 8).time(), window_end=at(2026, 9, 11, 10).time(),
            actor=gestor)
    with time_machine.travel(at(2026, 9, 11, 9), tick=False):
        visit_services.visit_fail(visit=visit, actor=brigadista, reason="nadie_en_casa")
    failed = Alert.objects.get(reason=Alert.Reason.VISIT_FAILED)
    assert (failed.recipient_id, failed.term_id) == (gestor.pk, case.response_term_id)
