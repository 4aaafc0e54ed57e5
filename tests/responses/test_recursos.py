"""Recursos: window, late rejection, conducta concluyente, public filing, apelación to the SSPD."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from compliance.models import Term
from intake.choices import CaseKind, CaseStatus
from intake.services import attachment_add_bytes
from responses import services
from responses.models import AnswerKind, Notification, Recurso, Response, ResponseTemplate
from responses.pdf import pdf_text
from tests.factories import make_case
from tests.responses.conftest import bogota, electronic_case, issue, working

pytestmark = pytest.mark.django_db

NOTIFIED = bogota(2026, 12, 2, 10)  # Wednesday; window: 3, 4, 7, 9, 10 December


def _notified_case(back, coord):
    case = electronic_case(actor=back)
    working(case, back)
    letter = issue(case, back, coord, at=bogota(2026, 12, 2, 9))
    services.notification_open(token=letter.notification.token, at=NOTIFIED)
    case.refresh_from_db()
    return case, letter


def test_recurso_inside_window_is_accepted(back_office, coordinador, front_office):
    case, letter = _notified_case(back_office, coordinador)
    recurso = services.recurso_file(
        decision_case=case, actor=front_office, kind=CaseKind.RECURSO_REPOSICION,
        description="No estoy de acuerdo.", filed_at=bogota(2026, 12, 10, 16))
    assert recurso.in_window and recurso.window_end == date(2026, 12, 10)
    assert recurso.rejection_reason == ""
    assert recurso.case.parent == case
    assert recurso.case.kind == CaseKind.RECURSO_REPOSICION
    term = recurso.case.response_term
    assert term.length == 15  # its own 15-business-day term
    case.refresh_from_db()
    assert case.status == CaseStatus.RECURRIDO
    assert not Response.objects.filter(case=recurso.case).exists()


def test_late_recurso_is_registered_and_rejected_with_reason(back_office, coordinador,
                                                             front_office):
    case, letter = _notified_case(back_office, coordinador)
    recurso = services.recurso_file(
        decision_case=case, actor=front_office, kind=CaseKind.RECURSO_REPOSICION,
        description="Tarde.", filed_at=bogota(2026, 12, 11, 9))
    assert recurso.in_window is False
    assert "venció el 10/12/2026" in recurso.rejection_reason
    assert recurso.case.radicado  # registered with its own radicado
    rejection = Response.objects.get(case=recurso.case)
    assert rejection.answer_kind == AnswerKind.RECHAZA
    assert "extemporáneo" in rejection.decision and "10/12/2026" in rejection.decision
    assert rejection.admits_recursos is False
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTIFICADO


def test_recurso_before_notification_is_conducta_concluyente(back_office, coordinador):
    case = make_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 4, 10))
    recurso = services.recurso_file(
        decision_case=case, actor=back_office, kind=CaseKind.RECURSO_REPOSICION_APELACION,
        description="Conozco la decisión y la recurro.", filed_at=bogota(2026, 12, 7, 9))
    notification = Notification.objects.get(letter=letter)
    assert notification.method == Notification.Method.CONDUCTA_CONCLUYENTE
    assert notification.notified_at == bogota(2026, 12, 7, 9)
    assert recurso.in_window
    case.refresh_from_db()
    assert case.status == CaseStatus.RECURRIDO


def test_citizen_files_recurso_from_public_page(client, back_office, coordinador):
    case, letter = _notified_case(back_office, coordinador)
    url = reverse("responses_public:recurso")
    start = client.post(url, {"start": "1", "radicado": case.radicado,
                              "tracking_code": case.tracking_code})
    assert start.status_code == 200 and case.tracking_code in start.content.decode()
    wrong = client.post(url, {"radicado": case.radicado, "tracking_code": "XXXXXXXXXXXX",
                              "kind": CaseKind.RECURSO_REPOSICION, "description": "Motivos"})
    assert wrong.status_code == 400
    assert "Motivos" in wrong.content.decode()  # what the user typed stays
    ok = client.post(url, {"radicado": case.radicado, "tracking_code": case.tracking_code,
                           "kind": CaseKind.RECURSO_REPOSICION_APELACION,
                           "description": "No estoy de acuerdo con el cobro.",
                           "paid_undisputed": "on"})
    assert ok.status_code == 200, ok.content.decode()
    recurso = Recurso.objects.get(decision_letter=letter)
    assert recurso.via_public and recurso.paid_undisputed
    assert recurso.case.radicado in ok.content.decode()


def test_apelacion_builds_expediente_with_every_document(back_office, coordinador):
    case = electronic_case(actor=back_office)
    attachment_add_bytes(case=case, name="acta-revision.pdf",
                         content=_pdf("Acta de revisión 123"), mime="application/pdf",
                         actor=back_office, kind="acta")
    working(case, back_office)
    letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 2, 9))
    services.notification_open(token=letter.notification.token, at=NOTIFIED)
    recurso = services.recurso_file(
        decision_case=case, actor=back_office, kind=CaseKind.RECURSO_REPOSICION_APELACION,
        description="Pido revisar el medidor.", filed_at=bogota(2026, 12, 4, 9))
    rcase = recurso.case
    working(rcase, back_office)
    reposicion = services.response_create(
        case=rcase, actor=back_office,
        template=ResponseTemplate.objects.get(name="Recurso de reposición: confirma"))
    assert reposicion.admits_recursos is False
    assert "2026-" in reposicion.body_html and case.radicado in reposicion.body_html
    services.response_submit(response=reposicion, actor=back_office)
    services.response_approve(response=reposicion, actor=coordinador)
    second = services.response_issue(response=reposicion, actor=back_office,
                                     at=bogota(2026, 12, 14, 9))
    services.notification_open(token=second.notification.token, at=bogota(2026, 12, 14, 11))
    remission = recurso.remission
    assert remission.term.purpose == Term.Purpose.TRASLADO_SSPD
    # 5 business days (setting) after Monday 14 Dec: 15, 16, 17, 18, 21.
    assert remission.term.due_date == date(2026, 12, 21)

    remission = services.remission_build_expediente(remission=remission, actor=back_office)
    content = remission.expediente.file.read()
    titles = [item["title"] for item in remission.expediente_index]
    reader = PdfReader(io.BytesIO(content))
    index_text = " ".join((reader.pages[0].extract_text() or "").split())
    files = [a for c in (case, rcase) for a in c.attachments.all()
             if not a.description.startswith("Expediente")]
    # Two requests, every file of both cases, and a notification record per letter.
    assert len(titles) == 2 + len(files) + 2
    for title in titles:
        assert " ".join(title.split()) in index_text
    joined = "\n".join(titles)
    # In order: request, its files, first decision and its notification, recurso,
    # reposición decision and its notification.
    order = [f"Solicitud {case.radicado}", "acta-revision.pdf", f"Respuesta {letter.outgoing_radicado}",
             f"Constancia de notificación de {letter.outgoing_radicado}",
             f"Solicitud {rcase.radicado}", f"Respuesta {second.outgoing_radicado}",
             f"Constancia de notificación de {second.outgoing_radicado}"]
    positions = [joined.index(o) for o in order]
    assert positions == sorted(positions)
    pages = len(reader.pages)
    assert pages == remission.expediente_index[-1]["last_page"]
    assert "Acta de revisión 123" in pdf_text(content)

    # One step at a time: no decision before the file was sent.
    assert services.remission_next_step(remission) == "sent"
    with pytest.raises(ValidationError, match="Registre primero el envío"):
        services.remission_record_decision(remission=remission, actor=coordinador,
                                           decision=AnswerKind.CONFIRMA, text="Confirma",
                                           decided_on=date(2027, 2, 1))
    services.remission_record_sent(remission=remission, actor=back_office,
                                   sent_at=bogota(2026, 12, 16, 10), sspd_radicado="SSPD-2026-1")
    remission.refresh_from_db()
    assert services.remission_next_step(remission) == "decision"
    # Sent is sent: the expediente the SSPD received is not replaced, nor sent twice.
    with pytest.raises(ValidationError, match="no se puede generar de nuevo"):
        services.remission_build_expediente(remission=remission, actor=back_office)
    with pytest.raises(ValidationError, match="ya está registrado"):
        services.remission_record_sent(remission=remission, actor=back_office,
                                       sent_at=bogota(2026, 12, 17, 10))
    remission.term.refresh_from_db()
    assert remission.term.met_at is not None
    services.remission_record_decision(remission=remission, actor=coordinador,
                                       decision=AnswerKind.CONFIRMA, text="Confirma",
                                       decided_on=date(2027, 2, 1))
    remission = services.remission_record_compliance(
        remission=remission, actor=coordinador, complied_at=bogota(2027, 2, 3, 9),
        note="Sin ajuste")
    assert remission.complied_at and remission.sspd_radicado == "SSPD-2026-1"
    assert services.remission_next_step(remission) is None


def test_revoca_does_not_go_to_the_sspd(back_office, coordinador):
    case, letter = _notified_case(back_office, coordinador)
    recurso = services.recurso_file(
        decision_case=case, actor=back_office, kind=CaseKind.RECURSO_REPOSICION_APELACION,
        description="Revisen.", filed_at=bogota(2026, 12, 4, 9))
    working(recurso.case, back_office)
    r = services.response_create(case=recurso.case, actor=back_office,
                                 template=ResponseTemplate.objects.get(
                                     name="Recurso de reposición: revoca"))
    services.response_submit(response=r, actor=back_office)
    services.response_approve(response=r, actor=coordinador)
    second = services.response_issue(response=r, actor=back_office)
    services.notification_open(token=second.notification.token)
    recurso.refresh_from_db()
    assert not hasattr(recurso, "remission") or recurso.remission is None


def _pdf(text):
    from responses.pdf import render_document_pdf

    return render_document_pdf(title=text, rows=[("x", "y")])


def test_sweep_closes_recurso_and_then_the_decided_case(back_office, coordinador):
    case, letter = _notified_case(back_office, coordinador)
    recurso = services.recurso_file(
        decision_case=case, actor=back_office, kind=CaseKind.RECURSO_REPOSICION,
        description="Revisen.", filed_at=bogota(2026, 12, 4, 9))
    working(recurso.case, back_office)
    r = services.response_create(case=recurso.case, actor=back_office,
                                 template=ResponseTemplate.objects.get(
                                     name="Recurso de reposición: confirma"))
    services.response_submit(response=r, actor=back_office)
    services.response_approve(response=r, actor=coordinador)
    second = services.response_issue(response=r, actor=back_office, at=bogota(2026, 12, 14, 9))
    services.notification_open(token=second.notification.token, at=bogota(2026, 12, 14, 10))
    # A plain reposición has no further recurso: no window, nothing goes to the SSPD.
    assert not Term.objects.filter(case=recurso.case, purpose=Term.Purpose.RECURSO).exists()
    result = services.notifications_sweep(now=bogota(2026, 12, 14, 12))
    assert result["closed"] == 2
    case.refresh_from_db()
    recurso.case.refresh_from_db()
    assert recurso.case.status == CaseStatus.CERRADO
    assert case.status == CaseStatus.CERRADO


def test_sweep_keeps_an_appealed_case_open_until_the_sspd_decision_is_complied(
        back_office, coordinador):
    case, letter = _notified_case(back_office, coordinador)
    recurso = services.recurso_file(
        decision_case=case, actor=back_office, kind=CaseKind.RECURSO_REPOSICION_APELACION,
        description="Revisen.", filed_at=bogota(2026, 12, 4, 9))
    working(recurso.case, back_office)
    r = services.response_create(case=recurso.case, actor=back_office,
                                 template=ResponseTemplate.objects.get(
                                     name="Recurso de reposición: confirma"))
    services.response_submit(response=r, actor=back_office)
    services.response_approve(response=r, actor=coordinador)
    second = services.response_issue(response=r, actor=back_office, at=bogota(2026, 12, 14, 9))
    services.notification_open(token=second.notification.token, at=bogota(2026, 12, 14, 10))
    remission = recurso.remission
    # Weeks later, the apelación is still at the SSPD: neither case closes.
    assert services.notifications_sweep(now=bogota(2027, 1, 20, 12))["closed"] == 0
    remission = services.remission_build_expediente(remission=remission, actor=back_office)
    services.remission_record_sent(remission=remission, actor=back_office,
                                   sent_at=bogota(2026, 12, 16, 10), sspd_radicado="SSPD-2026-2")
    services.remission_record_decision(remission=remission, actor=coordinador,
                                       decision=AnswerKind.CONFIRMA, text="Confirma",
                                       decided_on=date(2027, 2, 1))
    services.remission_record_compliance(remission=remission, actor=coordinador,
                                         complied_at=bogota(2027, 2, 3, 9), note="Sin ajuste")
    assert services.notifications_sweep(now=bogota(2027, 2, 3, 12))["closed"] == 2
    case.refresh_from_db()
    recurso.case.refresh_from_db()
    assert (case.status, recurso.case.status) == (CaseStatus.CERRADO, CaseStatus.CERRADO)


def test_recurso_decision_must_confirm_modify_revoke_or_reject(back_office, coordinador):
    case, letter = _notified_case(back_office, coordinador)
    recurso = services.recurso_file(
        decision_case=case, actor=back_office, kind=CaseKind.RECURSO_REPOSICION,
        description="Revisen.", filed_at=bogota(2026, 12, 4, 9))
    working(recurso.case, back_office)
    r = services.response_create(case=recurso.case, actor=back_office)
    r = services.response_save(response=r, actor=back_office, answer_kind=AnswerKind.ACCEDE,
                               body_html="<p>x</p>", decision="y", admits_recursos=False,
                               recursos_text="")
    assert any("confirmando" in p for p in services.response_problems(r))
    r = services.response_save(response=r, actor=back_office, answer_kind=AnswerKind.MODIFICA,
                               body_html="<p>x</p>", decision="y", admits_recursos=False,
                               recursos_text="")
    assert services.response_problems(r) == []


def test_second_recurso_against_the_same_decision_is_refused(back_office, coordinador):
    case, letter = _notified_case(back_office, coordinador)
    first = services.recurso_file(decision_case=case, actor=back_office,
                                  kind=CaseKind.RECURSO_REPOSICION, description="Uno.",
                                  filed_at=bogota(2026, 12, 3, 9))
    with pytest.raises(ValidationError, match=first.case.radicado):
        services.recurso_file(decision_case=case, actor=back_office,
                              kind=CaseKind.RECURSO_REPOSICION, description="Dos.",
                              filed_at=bogota(2026, 12, 4, 9))
    assert services.recurso_window(case, now=bogota(2026, 12, 4, 9))["open"] is False
