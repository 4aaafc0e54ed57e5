"""
Final states only through their legal acts (issue 10, part A): the services of
each act with real dates around holidays, their letters and terms, and the
rule that no role reaches a final state without its act.
"""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from compliance.models import NonConformity, Term
from compliance.terms import BOGOTA
from intake import services as intake_services
from intake.choices import FINAL_STATUSES, CaseKind, CaseStatus
from intake.workflow import TransitionNotAllowed
from pqr_portal.roles import Role
from responses import pdf, services
from responses.models import AnswerKind, Purpose
from tests.factories import make_case, make_user
from tests.responses.conftest import electronic_case, issue, working

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def bogota(y, m, d, h=10, mi=0, s=0):
    return datetime(y, m, d, h, mi, s, tzinfo=BOGOTA)


def letter_text(letter) -> str:
    with letter.attachment.file.open("rb") as fh:
        return pdf.pdf_text(fh.read())


def filed(when, actor, **kw):
    with time_machine.travel(when, tick=False):
        case = make_case(actor=actor, **kw)
        return working(case, actor)


# --- no final state without its act ------------------------------------------------------

@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.COORDINADOR,
                                  Role.AUXILIAR, Role.GERENTE, Role.BRIGADISTA])
@pytest.mark.parametrize("target", sorted(FINAL_STATUSES))
def test_no_role_reaches_a_final_state_without_its_act(role, target):
    case = make_case()
    with pytest.raises(TransitionNotAllowed):
        intake_services.case_transition(case=case, to_status=target, actor=make_user(role))
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO
    assert not case.terms.filter(met_at__isnull=False).exists()
    assert not case.terms.filter(cancelled_at__isnull=False).exists()


def test_a_wrong_act_does_not_reach_another_final_state(back_office):
    case = make_case()
    with pytest.raises(TransitionNotAllowed):
        intake_services.case_transition(case=case, to_status=CaseStatus.TRASLADADO,
                                        actor=back_office, act="desistimiento_expreso")


@pytest.mark.parametrize("role", [Role.FRONT_OFFICE, Role.BACK_OFFICE, Role.COORDINADOR,
                                  Role.AUXILIAR])
@pytest.mark.parametrize("target", sorted(FINAL_STATUSES | {"respondido", "notificado"}))
def test_the_state_form_refuses_final_states_for_every_role(client, role, target):
    from django.urls import reverse

    case = make_case()
    client.force_login(make_user(role))
    response = client.post(reverse("intake:case-transition", args=[case.pk]),
                           {"to_status": target, "note": "cerrar"})
    assert response.status_code in (400, 403)
    case.refresh_from_db()
    assert case.status == CaseStatus.RADICADO


# --- a decision notified closes; closing cancels no term ----------------------------------

def test_a_notified_decision_closes_with_every_met_term_naming_its_act(back_office, coordinador):
    with time_machine.travel(bogota(2026, 9, 1), tick=False):
        case = working(electronic_case(actor=back_office), back_office)
        letter = issue(case, back_office, coordinador)
        services.notification_open(token=letter.notification.token)
    with time_machine.travel(bogota(2026, 9, 15), tick=False):
        services.notifications_sweep()
    case.refresh_from_db()
    assert case.status == CaseStatus.CERRADO
    assert case.events.filter(kind="case.status_changed",
                              data__act="decision_notified").exists()
    terms = list(case.terms.all())
    assert terms and all(t.cancelled_at is None for t in terms)
    assert all(t.met_how for t in terms if t.met_at)


def test_closing_never_cancels_an_overdue_sap_recognition(back_office, coordinador):
    from compliance.services import sap_recognition_term_open

    with time_machine.travel(bogota(2026, 9, 1), tick=False):
        case = working(electronic_case(actor=back_office), back_office)
    with time_machine.travel(bogota(2026, 9, 28), tick=False):  # due 22 September
        sap = sap_recognition_term_open(case_id=case.pk, response_term=case.response_term)
        letter = issue(case, back_office, coordinador)
        services.notification_open(token=letter.notification.token)
    with time_machine.travel(bogota(2026, 10, 13), tick=False):
        services.notifications_sweep()
    case.refresh_from_db()
    sap.refresh_from_db()
    assert case.status == CaseStatus.CERRADO
    assert sap.met_at is None and sap.cancelled_at is None  # it stays and expires visibly


def test_a_rejected_apelacion_offers_queja(back_office, coordinador):
    with time_machine.travel(bogota(2026, 9, 1), tick=False):
        decided = working(electronic_case(actor=back_office), back_office)
        letter = issue(decided, back_office, coordinador)
        services.notification_open(token=letter.notification.token)
    # Window: 5 business days after 1 September, to 8 September. Filed the 9th: late.
    with time_machine.travel(bogota(2026, 9, 9), tick=False):
        recurso = services.recurso_file(
            decision_case=decided, actor=back_office, description="No estoy de acuerdo",
            kind=CaseKind.RECURSO_REPOSICION_APELACION)
    rejection = recurso.case.responses.get()
    assert rejection.answer_kind == AnswerKind.RECHAZA and rejection.admits_recursos
    assert "queja" in rejection.recursos_text.lower()
    rejection = services.response_save(
        response=rejection, actor=back_office, answer_kind=AnswerKind.RECHAZA,
        body_html="<p>El recurso llegó el 9 de septiembre.</p>", decision=rejection.decision,
        admits_recursos=True, recursos_text=rejection.recursos_text)
    assert services.response_problems(rejection) == []
    # The ordinary paragraph (reposición and apelación) does not do for a rejection.
    rejection = services.response_save(
        response=rejection, actor=back_office, answer_kind=AnswerKind.RECHAZA,
        body_html=rejection.body_html, decision=rejection.decision, admits_recursos=True,
        recursos_text=services.default_recursos_text())
    assert any("queja" in p for p in services.response_problems(rejection))


# --- requerimiento and desistimiento tácito (Ley 1755 art. 17) --------------------------

def test_requerimiento_after_ten_business_days_is_refused(back_office):
    # Filed Tue 17 March 2026; the 10 days end Wed 1 April (San José does not count).
    case = filed(bogota(2026, 3, 17), back_office, kind=CaseKind.PETICION)
    with time_machine.travel(bogota(2026, 4, 6), tick=False):  # after Holy Week
        with pytest.raises(ValidationError, match="01/04/2026"):
            services.requerimiento_send(case=case, actor=back_office, missing="Copia factura")
    assert not case.terms.filter(purpose=Term.Purpose.COMPLETAR).exists()


def _requerido(back_office):
    """Filed Tue 27 Oct 2026; requerimiento Fri 6 Nov, communicated Sun 8 Nov."""
    case = filed(bogota(2026, 10, 27), back_office, kind=CaseKind.PETICION)
    with time_machine.travel(bogota(2026, 11, 9), tick=False):
        letter = services.requerimiento_send(
            case=case, actor=back_office, missing="Copia de la factura de octubre",
            at=bogota(2026, 11, 6), communicated_at=bogota(2026, 11, 8))
    return case, letter


def test_requerimiento_letter_suspends_the_term_and_opens_the_month(back_office):
    case, letter = _requerido(back_office)
    assert letter.outgoing_radicado.startswith("S-2026-")
    text = letter_text(letter)
    assert "Copia de la factura de octubre" in text and "09/12/2026" in text
    requerimiento = case.terms.get(purpose=Term.Purpose.REQUERIMIENTO)
    assert requerimiento.met_at == bogota(2026, 11, 6)
    assert letter.outgoing_radicado in requerimiento.met_how
    month = case.terms.get(purpose=Term.Purpose.COMPLETAR)
    # One month after 8 November is 8 December, a holiday: Wednesday 9 December.
    assert month.due_date == date(2026, 12, 9) and month.is_open
    term = case.terms.get(purpose=Term.Purpose.RESPUESTA)
    assert term.suspended_since == date(2026, 11, 6)
    assert term.adjustments.get().document_reference == letter.outgoing_radicado


def test_completion_resumes_the_term(back_office):
    case, _letter = _requerido(back_office)
    before = case.terms.get(purpose=Term.Purpose.RESPUESTA).due_date
    with time_machine.travel(bogota(2026, 11, 20), tick=False):
        term = services.completion_record(case=case, actor=back_office,
                                          received_at=bogota(2026, 11, 19))
    assert term.suspended_since is None and term.due_date > before
    month = case.terms.get(purpose=Term.Purpose.COMPLETAR)
    assert month.met_at == bogota(2026, 11, 19) and month.met_how


def test_desistimiento_tacito_only_after_the_month_then_reviewed_notified_and_desistido(
        back_office, coordinador):
    case, _letter = _requerido(back_office)
    with time_machine.travel(bogota(2026, 12, 9, 23, 59), tick=False):
        with pytest.raises(ValidationError, match="09/12/2026"):
            services.desistimiento_tacito_draft(case=case, actor=back_office, reasons="x")
    with time_machine.travel(bogota(2026, 12, 10, 8), tick=False):
        act = services.desistimiento_tacito_draft(
            case=case, actor=back_office, reasons="No aportó la copia de la factura.")
        assert act.purpose == Purpose.DESISTIMIENTO_TACITO and act.admits_recursos
        assert "reposición" in act.recursos_text and "apelación" not in act.recursos_text
        assert services.response_problems(act) == []
        services.response_submit(response=act, actor=back_office)
        services.response_approve(response=act, actor=coordinador)
        letter = services.response_issue(response=act, actor=back_office)
    text = letter_text(letter)
    assert "desistimiento tácito" in text.lower() and "reposición" in text
    case.refresh_from_db()
    assert case.status == CaseStatus.RESPONDIDO
    with time_machine.travel(bogota(2026, 12, 11, 9), tick=False):
        services.notification_send_citation(notification=letter.notification, actor=back_office)
        services.notification_record_appearance(notification=letter.notification,
                                                actor=back_office, received_by_name="Usuario")
    response_term = case.terms.get(purpose=Term.Purpose.RESPUESTA)
    assert letter.outgoing_radicado in response_term.met_how
    month = case.terms.get(purpose=Term.Purpose.COMPLETAR)
    assert letter.outgoing_radicado in month.met_how
    with time_machine.travel(bogota(2026, 12, 21, 9), tick=False):
        services.notifications_sweep()
    case.refresh_from_db()
    assert case.status == CaseStatus.DESISTIDO
    assert case.events.filter(data__act="desistimiento_tacito").exists()


def test_desistimiento_tacito_needs_a_requerimiento(back_office):
    case = filed(bogota(2026, 9, 1), back_office)
    with pytest.raises(ValidationError, match="requerimiento"):
        services.desistimiento_tacito_draft(case=case, actor=back_office, reasons="x")


# --- desistimiento expreso -----------------------------------------------------------------

def test_desistimiento_expreso_attaches_the_writing_and_meets_the_term(back_office):
    case = filed(bogota(2026, 12, 7), back_office)
    writing = SimpleUploadedFile("desisto.pdf", PDF, content_type="application/pdf")
    with time_machine.travel(bogota(2026, 12, 9, 11), tick=False):
        letter = services.desistimiento_expreso_record(case=case, actor=back_office,
                                                       document=writing)
    case.refresh_from_db()
    assert case.status == CaseStatus.DESISTIDO
    assert case.attachments.filter(kind="desistimiento").exists()
    term = case.terms.get(purpose=Term.Purpose.RESPUESTA)
    assert term.met_at == bogota(2026, 12, 9, 11) and "Desistimiento expreso" in term.met_how
    assert letter.outgoing_radicado in term.met_how
    assert "desistimiento" in letter_text(letter).lower()


def test_desistimiento_expreso_needs_the_writing_and_the_policy(back_office, front_office):
    case = filed(bogota(2026, 12, 7), back_office)
    with pytest.raises(ValidationError):
        services.desistimiento_expreso_record(case=case, actor=back_office, document=None)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.desistimiento_expreso_record(
            case=case, actor=front_office,
            document=SimpleUploadedFile("d.pdf", PDF, content_type="application/pdf"))
    case.refresh_from_db()
    assert case.status == CaseStatus.EN_TRAMITE


# --- traslado por competencia (art. 21) ------------------------------------------------------

def test_traslado_letters_terms_and_entity(back_office):
    # Filed Thu 25 June 2026; Monday 29 June is a holiday: the 5 days end Fri 3 July.
    case = filed(bogota(2026, 6, 25), back_office, kind=CaseKind.PETICION)
    with time_machine.travel(bogota(2026, 7, 3, 16), tick=False):
        oficio, communication = services.traslado_record(
            case=case, actor=back_office, entity_name="Empresa de Acueducto de Montería",
            entity_address="Calle 30 # 5-10", entity_email="pqr@acueducto.example",
            reasons="La solicitud trata del servicio de acueducto.")
    case.refresh_from_db()
    assert case.status == CaseStatus.TRASLADADO
    assert oficio.addressee == "Empresa de Acueducto de Montería"
    assert communication.addressee == case.customer.full_name
    assert oficio.outgoing_radicado != communication.outgoing_radicado
    assert "Empresa de Acueducto de Montería" in letter_text(oficio)
    assert oficio.outgoing_radicado in letter_text(communication)
    traslado = case.terms.get(purpose=Term.Purpose.TRASLADO_COMPETENCIA)
    assert traslado.due_date == date(2026, 7, 3) and traslado.met_at <= traslado.due_at
    response = case.terms.get(purpose=Term.Purpose.RESPUESTA)
    assert "Traslado por competencia" in response.met_how
    event = case.events.get(kind="act.traslado")
    assert event.data["entity"] == "Empresa de Acueducto de Montería"
    assert event.data["late"] is False
    assert not NonConformity.objects.filter(case=case).exists()  # on the 5th day: in time
    from caserecord.models import OutgoingEmail

    assert OutgoingEmail.objects.filter(case=case, purpose="act.traslado",
                                        to=["pqr@acueducto.example"]).exists()


def test_a_late_traslado_shows_late(back_office):
    case = filed(bogota(2026, 6, 25), back_office, kind=CaseKind.PETICION)
    with time_machine.travel(bogota(2026, 7, 6, 9), tick=False):
        services.traslado_record(case=case, actor=back_office, entity_name="SSPD",
                                 reasons="No es de la empresa.")
    traslado = case.terms.get(purpose=Term.Purpose.TRASLADO_COMPETENCIA)
    assert traslado.met_at > traslado.due_at
    assert case.events.get(kind="act.traslado").data["late"] is True
    # Sent Mon 6 July, the 5 days ended Fri 3 July: one non-conformity for the late oficio.
    nc = NonConformity.objects.get(term=traslado)
    assert nc.case_id == case.pk and nc.kind == NonConformity.Kind.DESVIACION_TIEMPO
    assert "Traslado por competencia" in nc.description and "03/07/2026" in nc.description
    assert nc.detected_at == traslado.met_at


def test_no_traslado_after_the_answer(back_office, coordinador):
    with time_machine.travel(bogota(2026, 9, 1), tick=False):
        case = working(electronic_case(actor=back_office), back_office)
        issue(case, back_office, coordinador)
    with pytest.raises(ValidationError):
        services.traslado_record(case=case, actor=back_office, entity_name="X", reasons="y")


# --- anulación of a duplicate -----------------------------------------------------------------

def test_annulment_of_a_duplicate(coordinador, back_office):
    original = filed(bogota(2026, 9, 1), back_office)
    duplicate = filed(bogota(2026, 9, 2), back_office)
    with time_machine.travel(bogota(2026, 9, 3), tick=False):
        intake_services.case_annul(case=duplicate, reason="Radicado dos veces",
                                   actor=coordinador, duplicate_of=original)
    duplicate.refresh_from_db()
    assert duplicate.status == CaseStatus.ANULADO and duplicate.duplicate_of == original
    event = duplicate.events.get(kind="case.annulled")
    assert event.data["duplicate_of"] == original.radicado
    assert event.data["terms_cancelled"] == [duplicate.response_term_id]
    original.refresh_from_db()
    assert original.status == CaseStatus.EN_TRAMITE


def test_annulment_leaves_an_overdue_term_running(coordinador, back_office):
    case = filed(bogota(2026, 9, 1), back_office)
    with time_machine.travel(bogota(2026, 9, 30), tick=False):  # due 22 September
        intake_services.case_annul(case=case, reason="Error", actor=coordinador)
    term = case.terms.get(purpose=Term.Purpose.RESPUESTA)
    assert term.cancelled_at is None and term.met_at is None


# --- letters to the right addressee ---------------------------------------------------------

def test_an_answer_to_a_tutela_goes_to_the_court_with_a_copy(back_office, coordinador):
    with time_machine.travel(bogota(2026, 9, 1), tick=False):
        case = make_case(actor=back_office, kind=CaseKind.TUTELA,
                         hand_deadline_at=bogota(2026, 9, 3, 17),
                         external_reference="2026-00123",
                         authority_name="Juzgado Tercero Civil Municipal de Montería",
                         authority_address="Palacio de Justicia, Calle 27")
        working(case, back_office)
        response = services.response_create(case=case, actor=back_office)
        response = services.response_save(
            response=response, actor=back_office, answer_kind=AnswerKind.ACCEDE,
            body_html="<p>Contestamos la acción.</p>", decision="Se atendió la solicitud.",
            admits_recursos=False, recursos_text="")
        services.response_submit(response=response, actor=back_office)
        services.response_approve(response=response, actor=coordinador)
        letter = services.response_issue(response=response, actor=back_office)
    assert letter.addressee == "Juzgado Tercero Civil Municipal de Montería"
    text = letter_text(letter)
    assert "Palacio de Justicia" in text and "2026-00123" in text
    assert f"Copia: {case.customer.full_name}" in text


def test_an_answer_to_an_sspd_request_goes_to_the_sspd(back_office):
    with time_machine.travel(bogota(2026, 9, 1), tick=False):
        case = make_case(actor=back_office, kind=CaseKind.SOLICITUD_SSPD,
                         external_reference="SSPD 2026-529-000123")
    from responses.services.common import addressee_for

    to = addressee_for(case)
    assert to["name"] == "Superintendencia de Servicios Públicos Domiciliarios"
    assert to["copy_to"] == case.customer.full_name
