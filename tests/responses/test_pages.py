"""Staff pages and panels render in each state, scoped and role-checked; tutela and SAP records."""

from datetime import timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from compliance.models import Term
from intake.choices import CaseKind, Channel
from responses import services
from responses.models import AnswerKind, SapRecognition, TutelaRecord
from tests.factories import make_case
from tests.responses.conftest import bogota, electronic_case, issue, working

pytestmark = pytest.mark.django_db


def test_case_page_panel_and_review_queue_render(client, back_office, coordinador, gerente):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    client.force_login(back_office)
    url = reverse("responses:case", args=[case.pk])
    assert "Proyectar respuesta" in client.get(url).content.decode()
    new = client.post(reverse("responses:new", args=[case.pk]), {"template": ""})
    assert new.status_code == 302
    response = case.responses.get()
    # One answer in progress at a time: the panel stops offering a new one.
    assert reverse("responses:new", args=[case.pk]) not in client.get(url).content.decode()
    edit = client.post(reverse("responses:edit", args=[response.pk]), {
        "answer_kind": AnswerKind.ACCEDE, "body_html": "<p>Procede.</p>", "decision": "Accede.",
        "admits_recursos": "on", "recursos_text": services.default_recursos_text(),
        "submit": "1"})
    assert edit.status_code == 302
    client.force_login(coordinador)
    queue = client.get(reverse("responses:review-queue")).content.decode()
    assert case.radicado in queue
    assert client.post(reverse("responses:review", args=[response.pk]),
                       {"action": "approve"}).status_code == 302
    # Without the confirmation box nothing is issued, and the page says why.
    refused = client.post(reverse("responses:issue", args=[response.pk]), follow=True)
    assert "no se emitió" in refused.content.decode() and not case.letters.exists()
    assert client.post(reverse("responses:issue", args=[response.pk]),
                       {"confirm": "1"}).status_code == 302
    page = client.get(url).content.decode()
    # Queued is not sent: the page says so until the mail server accepts the notice.
    assert "Carta S-" in page and "Correo en cola" in page and "Correo enviado" not in page
    letter = case.letters.get()
    pdf = client.get(reverse("responses:letter-pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("responses:versions", args=[response.pk])).status_code == 200
    client.force_login(gerente)  # reads, cannot draft
    assert client.get(url).status_code == 200
    assert client.get(reverse("responses:new", args=[case.pk])).status_code == 403


def test_edit_form_keeps_input_on_error(client, back_office):
    case = make_case(actor=back_office)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office)
    client.force_login(back_office)
    resp = client.post(reverse("responses:edit", args=[response.pk]), {
        "answer_kind": "nope", "body_html": "<p>Mi texto</p>", "decision": "D"})
    assert resp.status_code == 400
    assert "Mi texto" in resp.content.decode()


def test_editor_page_ships_the_bundled_editor_and_the_server_sanitises_its_html(
        client, back_office):
    case = make_case(actor=back_office)
    working(case, back_office)
    response = services.response_create(case=case, actor=back_office)
    client.force_login(back_office)
    url = reverse("responses:edit", args=[response.pk])
    page = client.get(url).content.decode()
    assert '/static/vendor/pell/pell.min.js"' in page and "//cdn" not in page
    client.post(url, {"answer_kind": AnswerKind.ACCEDE, "decision": "Accede.", "save": "1",
                      "body_html": '<p style="color:red" onclick="x()">Hola <b>sí</b></p>'
                                   '<script>alert(1)</script><img src=x onerror=alert(1)>'
                                   '<h1>Título</h1><blockquote>Cita</blockquote>'})
    response.refresh_from_db()
    assert response.body_html == "<p>Hola <b>sí</b></p>Título<blockquote>Cita</blockquote>"


def test_tracking_panel_offers_open_link_and_recurso(back_office, coordinador):
    case = electronic_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador)
    html = render_to_string("responses/public/_tracking_panel.html", {
        "case": case, "tracking_code": case.tracking_code}, request=RequestFactory().get("/"))
    assert reverse("responses_public:notification-open", args=[letter.notification.token]) in html
    assert "Abrir la respuesta (queda notificado)" in html
    assert "Interponer un recurso" in html
    assert case.tracking_code in html


def test_tutela_order_ruling_and_48_hour_compliance(client, back_office):
    deadline = bogota(2026, 12, 3, 17)
    case = make_case(actor=back_office, kind=CaseKind.TUTELA, channel=Channel.JUZGADO,
                     causal_code=None, hand_deadline_at=deadline)
    record = services.tutela_record_order(case=case, actor=back_office, court="Juzgado 1 Civil",
                                          order_summary="Responder en 48 horas")
    assert record.deadline_at == deadline
    services.tutela_record_answer_filed(record=record, actor=back_office,
                                        at=bogota(2026, 12, 3, 10))
    case.response_term.refresh_from_db()
    assert case.response_term.met_at is not None
    notified = bogota(2026, 12, 10, 8)
    with time_machine.travel(notified + timedelta(hours=1), tick=False):
        record = services.tutela_record_ruling(record=record, actor=back_office,
                                               ruling=TutelaRecord.Ruling.CONCEDE,
                                               summary="Ordena revisar", notified_at=notified,
                                               term_amount=48, term_unit="hours")
    term = record.compliance_term
    assert term.purpose == Term.Purpose.CUMPLIMIENTO_FALLO
    assert term.due_at == notified + timedelta(hours=48)
    services.tutela_record_compliance(record=record, actor=back_office,
                                      at=bogota(2026, 12, 11, 9), note="Revisado")
    term.refresh_from_db()
    assert term.met_at is not None
    client.force_login(back_office)
    assert client.get(reverse("responses:tutela", args=[case.pk])).status_code == 200


def test_sap_recognition_72_hours_and_outcome(client, back_office, coordinador):
    case = make_case(actor=back_office)
    rec = services.sap_open(case=case, actor=coordinador)
    assert services.sap_open(case=case, actor=coordinador) == rec  # one open at a time
    assert rec.term.purpose == Term.Purpose.SAP_RECONOCIMIENTO
    due = case.response_term.due_at
    assert rec.term.due_at == due + timedelta(hours=72)
    letter_draft = services.response_create(case=case, actor=back_office,
                                            purpose="reconocimiento_sap",
                                            template=services.templates_for(
                                                case, "reconocimiento_sap").first())
    assert "silencio administrativo positivo" in letter_draft.body_html
    rec = services.sap_record_outcome(recognition=rec, actor=coordinador,
                                      outcome=SapRecognition.Outcome.RECONOCIDO,
                                      note="Se ajustó la factura")
    rec.term.refresh_from_db()
    assert rec.term.met_at is not None
    client.force_login(coordinador)
    assert client.get(reverse("responses:sap", args=[case.pk])).status_code == 200


def test_other_roles_cannot_act_on_notifications(client, back_office, coordinador, brigadista):
    case = make_case(actor=back_office)
    working(case, back_office)
    letter = issue(case, back_office, coordinador)
    client.force_login(brigadista)
    url = reverse("responses:notify", args=[letter.notification.pk, "citacion"])
    assert client.post(url).status_code == 403


def test_intake_case_page_includes_the_panel(client, back_office):
    case = make_case(actor=back_office)
    working(case, back_office)
    client.force_login(back_office)
    page = client.get(reverse("intake:case-detail", args=[case.pk])).content.decode()
    assert "Respuestas y notificación" in page
    assert reverse("responses:new", args=[case.pk]) in page
