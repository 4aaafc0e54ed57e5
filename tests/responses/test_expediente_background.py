"""
The SSPD expediente is assembled off the web request: citizens' PDFs may be malformed
or hostile, and such a file fails the assembly with a message, never a 500.
"""

from unittest import mock

import pytest
import time_machine
from celery.exceptions import SoftTimeLimitExceeded
from django.urls import reverse

from caserecord.models import Event
from intake.services import attachment_add_bytes
from responses import services
from responses.models import ExpedienteState, SspdRemission
from tests.responses.conftest import bogota
from tests.responses.test_ways_forward import _remission

pytestmark = pytest.mark.django_db

# Starts like a PDF (the upload check sniffs the magic bytes), then nothing a reader can use.
MALFORMED = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" + b"\x00garbage" * 50
# An object stream that refers to itself: parsers that follow it loop.
SELF_REFERENCE = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 1 0 R >> endobj\n"
                  b"trailer << /Root 1 0 R /Size 2 >>\n%%EOF\n")


def _with_hostile_attachment(remission, back, content=MALFORMED):
    attachment_add_bytes(case=remission.recurso.case, name="soporte-usuario.pdf",
                         content=content, mime="application/pdf", actor=back, kind="otro")


def _page(client, remission):
    return client.get(reverse("responses:remission", args=[remission.pk]))


def test_asking_for_it_reads_no_pdf_in_the_request(client, back_office, coordinador,
                                                   django_capture_on_commit_callbacks):
    remission = _remission(back_office, coordinador)
    client.force_login(back_office)
    url = reverse("responses:remission", args=[remission.pk])
    with mock.patch("responses.services.sspd.build_expediente_pdf") as build, \
            mock.patch("responses.services.sspd.expediente_build_task.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "build"})
    assert response.status_code == 302
    assert build.call_count == 0  # nothing parsed during the request
    delay.assert_called_once_with(remission_id=remission.pk)
    remission.refresh_from_db()
    assert remission.expediente_state == ExpedienteState.EN_ESPERA
    html = _page(client, remission).content.decode()
    assert "Expediente en preparación" in html and 'http-equiv="refresh"' in html
    assert 'value="sent"' not in html and 'value="build"' not in html


def test_a_malformed_pdf_fails_with_a_message_and_the_page_answers(client, back_office,
                                                                   coordinador):
    remission = _remission(back_office, coordinador)
    _with_hostile_attachment(remission, back_office)
    services.remission_request_expediente(remission=remission, actor=back_office)
    assert services.expediente_build(remission_id=remission.pk) is False
    remission.refresh_from_db()
    assert remission.expediente_state == ExpedienteState.FALLIDO
    assert "soporte-usuario.pdf" in remission.expediente_error
    assert "no se pudo leer como PDF" in remission.expediente_error
    assert remission.expediente_id is None
    assert Event.objects.filter(kind="sspd.expediente_failed").count() == 1
    client.force_login(back_office)
    response = _page(client, remission)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No se pudo generar el expediente" in html and "soporte-usuario.pdf" in html
    assert "Intentar de nuevo" in html and 'http-equiv="refresh"' not in html
    # Recording the sending is refused: there is no expediente.
    with pytest.raises(Exception, match="Genere primero el expediente"):
        services.remission_record_sent(remission=remission, actor=back_office,
                                       sent_at=bogota(2026, 12, 7, 10))


@pytest.mark.parametrize("content", [SELF_REFERENCE, b"%PDF-1.4\n" + b"(" * 100000])
def test_hostile_pdfs_never_raise_out_of_the_task(back_office, coordinador, content):
    remission = _remission(back_office, coordinador)
    _with_hostile_attachment(remission, back_office, content)
    services.remission_request_expediente(remission=remission, actor=back_office)
    with time_machine.travel(bogota(2026, 12, 7, 9)):
        result = services.expediente_build(remission_id=remission.pk)
    remission.refresh_from_db()
    assert result is (remission.expediente_state == ExpedienteState.LISTO)
    assert remission.expediente_state in (ExpedienteState.LISTO, ExpedienteState.FALLIDO)


def test_a_time_out_fails_with_its_own_message(back_office, coordinador):
    remission = _remission(back_office, coordinador)
    services.remission_request_expediente(remission=remission, actor=back_office)
    with mock.patch("responses.services.sspd.build_expediente_pdf",
                    side_effect=SoftTimeLimitExceeded()):
        assert services.expediente_build(remission_id=remission.pk) is False
    remission.refresh_from_db()
    assert remission.expediente_state == ExpedienteState.FALLIDO
    assert "tardó demasiado" in remission.expediente_error


def test_the_deadline_stops_between_documents(back_office, coordinador, settings):
    remission = _remission(back_office, coordinador)
    settings.PQR_EXPEDIENTE_TIME_LIMIT = -1  # already past
    services.remission_request_expediente(remission=remission, actor=back_office)
    assert services.expediente_build(remission_id=remission.pk) is False
    remission.refresh_from_db()
    assert "tardó demasiado" in remission.expediente_error


def test_the_task_has_a_time_limit(settings):
    from responses.tasks import expediente_build_task

    assert expediente_build_task.soft_time_limit == settings.PQR_EXPEDIENTE_TIME_LIMIT
    assert expediente_build_task.time_limit > expediente_build_task.soft_time_limit


def test_an_unexpected_error_is_logged_and_shown_in_words(back_office, coordinador):
    remission = _remission(back_office, coordinador)
    services.remission_request_expediente(remission=remission, actor=back_office)
    with mock.patch("responses.services.sspd.build_expediente_pdf",
                    side_effect=MemoryError("boom")):
        assert services.expediente_build(remission_id=remission.pk) is False
    remission.refresh_from_db()
    assert remission.expediente_state == ExpedienteState.FALLIDO
    assert "error inesperado" in remission.expediente_error and "boom" not in (
        remission.expediente_error)


def test_a_good_expediente_is_ready_and_the_retry_sweep_picks_up_lost_requests(
        back_office, coordinador):
    remission = _remission(back_office, coordinador)
    with mock.patch("responses.services.sspd.expediente_build_task.delay",
                    side_effect=ConnectionError("broker down")):
        services.remission_request_expediente(remission=remission, actor=back_office)
    SspdRemission.objects.filter(pk=remission.pk).update(
        expediente_requested_at=bogota(2026, 12, 7, 9))
    with mock.patch("responses.services.sspd.expediente_build_task.delay") as delay:
        assert services.expedientes_retry_pending(now=bogota(2026, 12, 7, 9, 10)) == 1
    delay.assert_called_once_with(remission_id=remission.pk)
    assert services.expediente_build(remission_id=remission.pk) is True
    remission.refresh_from_db()
    assert remission.expediente_state == ExpedienteState.LISTO and remission.expediente_id
    assert services.expediente_build(remission_id=remission.pk) is True  # idempotent
    assert remission.recurso.case.attachments.filter(description="Expediente SSPD").count() == 1


def test_a_worker_that_died_three_times_gives_up_in_words(back_office, coordinador):
    remission = _remission(back_office, coordinador)
    services.remission_request_expediente(remission=remission, actor=back_office)
    SspdRemission.objects.filter(pk=remission.pk).update(
        expediente_state=ExpedienteState.EN_CURSO, expediente_attempts=3,
        expediente_requested_at=bogota(2026, 12, 7, 9))
    assert services.expedientes_retry_pending(now=bogota(2026, 12, 7, 12)) == 0
    remission.refresh_from_db()
    assert remission.expediente_state == ExpedienteState.FALLIDO
    assert "3 intentos" in remission.expediente_error
