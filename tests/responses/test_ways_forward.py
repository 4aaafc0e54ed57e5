"""
No dead ends and guardrails (issue 12): the citizen always has a next page, and
what cannot be undone asks for a confirmation checked on the server.
"""

import re

import pytest
import time_machine
from django.urls import reverse

from caserecord.models import OutgoingEmail
from intake.choices import CaseKind
from intake.services import receipts
from responses import services
from responses.models import AnswerKind, Recurso, ResponseTemplate
from tests.factories import make_case
from tests.responses.conftest import bogota, electronic_case, issue, working

pytestmark = pytest.mark.django_db

NOTIFIED = bogota(2026, 12, 2, 10)  # Wednesday; recurso window: 3, 4, 7, 9, 10 December


def _notified_case(back, coord):
    with time_machine.travel(bogota(2026, 12, 2, 9), tick=False):
        case = electronic_case(actor=back)
        working(case, back)
        letter = issue(case, back, coord, at=bogota(2026, 12, 2, 9))
        services.notification_open(token=letter.notification.token, at=NOTIFIED)
    case.refresh_from_db()
    return case, letter


def test_anonymous_root_is_the_citizens_home_and_staff_go_on(client, back_office):
    home = client.get("/")
    assert home.status_code == 200
    html = home.content.decode()
    for name in ("public:file", "public:track", "responses_public:recurso",
                 "responses_public:verify-form", "public:privacy", "login"):
        assert f'href="{reverse(name)}"' in html, name
    assert "Horarios y canales de atención" in html
    # Staff may log in from here too: the collapsed box posts to the staff login.
    assert f'<form method="post" action="{reverse("login")}">' in html and 'type="password"' in html
    # The letters send citizens to /pqr/: the same home, never a 404.
    assert client.get("/pqr/").status_code == 200
    client.force_login(back_office)
    assert client.get("/")["Location"] == reverse("work:back-office")


def test_recursos_paragraph_of_the_letter_points_to_a_page_that_exists(client, settings):
    settings.SITE_URL = "https://pqr.example.co"
    urls = re.findall(r"https://pqr\.example\.co(/\S*?)[\s.,]", services.default_recursos_text())
    assert urls
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_notification_page_links_to_the_recurso_with_the_radicado(client, back_office,
                                                                  coordinador):
    case, letter = _notified_case(back_office, coordinador)
    page = client.get(reverse("responses_public:notification-open",
                              args=[letter.notification.token])).content.decode()
    link = f'{reverse("responses_public:recurso")}?radicado={case.radicado}'
    assert f'href="{link}"' in page
    form = client.get(link).content.decode()
    assert f'value="{case.radicado}"' in form


def test_public_recurso_gets_its_constancia_pdf_and_email(client, back_office, coordinador,
                                                          django_capture_on_commit_callbacks):
    case, letter = _notified_case(back_office, coordinador)
    with time_machine.travel(bogota(2026, 12, 4, 9), tick=False), \
            django_capture_on_commit_callbacks() as callbacks:
        page = client.post(reverse("responses_public:recurso"), {
            "radicado": case.radicado, "tracking_code": case.tracking_code,
            "kind": CaseKind.RECURSO_REPOSICION_APELACION,
            "description": "No estoy de acuerdo con el cobro."})
    assert page.status_code == 200, page.content.decode()
    recurso = Recurso.objects.get(decision_letter=letter)
    rcase = recurso.case
    html = page.content.decode()
    receipt_url = reverse("public:receipt", args=[rcase.radicado])
    assert f'href="{receipt_url}"' in html and "usuario@example.com" in html
    assert f'{reverse("public:track")}?radicado={rcase.radicado}' in html
    # The constancia is scheduled after commit, like a first filing's.
    assert any(getattr(c, "keywords", {}).get("case_id") == rcase.pk for c in callbacks)
    # This browser may download it at once (rendered now, before the task stores it):
    # a minute later, not whenever the suite runs (the public state cookie lasts 30 days).
    with time_machine.travel(bogota(2026, 12, 4, 9, 1), tick=False):
        pdf = client.get(receipt_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    # The task stores it and e-mails it with the recurso's radicado.
    assert receipts.receipt_issue(case_id=rcase.pk)
    email = OutgoingEmail.objects.get(case=rcase, purpose="receipt")
    assert email.to == ["usuario@example.com"] and rcase.radicado in email.subject
    assert email.attachments[0]["name"] == f"constancia-{rcase.radicado}.pdf"


def test_tracking_shows_the_answer_before_the_history(client, back_office, coordinador):
    case, _letter = _notified_case(back_office, coordinador)
    with time_machine.travel(bogota(2026, 12, 3, 9), tick=False):
        html = client.post(reverse("public:track"), {
            "radicado": case.radicado, "code": case.tracking_code}).content.decode()
    assert html.index('id="resp-public"') < html.index('id="historia"')
    assert html.index("Interponer un recurso") < html.index('id="historia"')


def _remission(back, coord):
    case, _letter = _notified_case(back, coord)
    with time_machine.travel(bogota(2026, 12, 4, 9), tick=False):
        recurso = services.recurso_file(
            decision_case=case, actor=back, kind=CaseKind.RECURSO_REPOSICION_APELACION,
            description="Pido revisar el medidor.")
        working(recurso.case, back)
        reposicion = services.response_create(
            case=recurso.case, actor=back,
            template=ResponseTemplate.objects.get(name="Recurso de reposición: confirma"))
        services.response_submit(response=reposicion, actor=back)
        services.response_approve(response=reposicion, actor=coord)
        second = services.response_issue(response=reposicion, actor=back)
        services.notification_open(token=second.notification.token)
    recurso.refresh_from_db()
    return recurso.remission


def test_sspd_page_offers_only_the_next_step_and_says_what_happened(client, back_office,
                                                                    coordinador):
    remission = _remission(back_office, coordinador)
    url = reverse("responses:remission", args=[remission.pk])
    client.force_login(back_office)
    html = client.get(url).content.decode()
    assert "Siguiente paso: generar el expediente" in html
    assert 'value="decision"' not in html and 'value="sent"' not in html
    # A decision posted before the file was sent is refused, whatever the page showed.
    early = client.post(url, {"action": "decision", "decision": AnswerKind.CONFIRMA,
                              "decided_on": "2027-02-01", "confirm": "on"}, follow=True)
    assert "no corresponde ahora" in early.content.decode()
    remission.refresh_from_db()
    assert not remission.sspd_decision
    # The expediente is assembled off the request (Celery, after commit); here the task's
    # body runs by hand, as the worker would.
    asked = client.post(url, {"action": "build"}, follow=True).content.decode()
    assert "Expediente en preparación" in asked and "Siguiente paso: esperar" in asked
    assert 'value="sent"' not in asked
    assert services.expediente_build(remission_id=remission.pk)
    built = client.get(url).content.decode()
    assert "Descargar expediente" in built and "Siguiente paso: registrar el envío" in built
    # Until it is sent, the expediente may be generated again.
    again = client.post(url, {"action": "build"}, follow=True).content.decode()
    assert "Expediente en preparación" in again
    assert services.expediente_build(remission_id=remission.pk)
    # Sending cannot be undone: without the box, refused and nothing recorded.
    unconfirmed = client.post(url, {"action": "sent", "sent_at": "2026-12-07T10:00"})
    assert unconfirmed.status_code == 400
    assert "no se puede deshacer" in unconfirmed.content.decode()
    remission.refresh_from_db()
    assert remission.sent_at is None
    sent = client.post(url, {"action": "sent", "sent_at": "2026-12-07T10:00",
                             "sspd_radicado": "SSPD-1", "confirm": "on"}, follow=True)
    html = sent.content.decode()
    assert "Envío a la SSPD registrado" in html and "Traslado actualizado" not in html
    assert "Siguiente paso: registrar la decisión" in html and 'value="build"' not in html
    decided = client.post(url, {"action": "decision", "decision": AnswerKind.CONFIRMA,
                                "decided_on": "2027-02-01", "confirm": "on"}, follow=True)
    assert "Decisión de la SSPD registrada: Confirma" in decided.content.decode()


def test_annulling_a_visit_order_needs_the_confirmation(client, back_office):
    from field_visits import services as visit_services

    case = make_case(actor=back_office)
    working(case, back_office)
    order = visit_services.order_create(case=case, actor=back_office, reason="alto_consumo",
                                        address="Calle 10 # 20-30", zone="Centro")
    client.force_login(back_office)
    url = reverse("field_visits:order-cancel", args=[order.pk])
    refused = client.post(url, {"reason": "Duplicada"}, follow=True).content.decode()
    order.refresh_from_db()
    assert "no se anuló" in refused and order.status != order.Status.CANCELLED
    done = client.post(url, {"reason": "Duplicada", "confirm": "1"}, follow=True)
    order.refresh_from_db()
    assert order.status == order.Status.CANCELLED
    assert f"Orden {order.number} anulada" in done.content.decode()


def test_publishing_an_aviso_needs_the_confirmation(client, back_office, coordinador):
    with time_machine.travel(bogota(2026, 12, 2, 9), tick=False):
        case = make_case(actor=back_office)  # a postal notification
        working(case, back_office)
        letter = issue(case, back_office, coordinador, at=bogota(2026, 12, 2, 9))
        client.force_login(back_office)
        url = reverse("responses:notify", args=[letter.notification.pk, "publicacion"])
        refused = client.post(url, follow=True).content.decode()
        letter.notification.refresh_from_db()
        assert "No se publicó el aviso" in refused and letter.notification.published_from is None
        done = client.post(url, {"confirm": "1"}, follow=True).content.decode()
        letter.notification.refresh_from_db()
        assert letter.notification.published_from is not None
        assert f"Aviso de {letter.outgoing_radicado} publicado" in done
